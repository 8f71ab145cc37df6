export { bindingFailureText, forgetSceneBindings, sceneOf, useSceneBinding, type SceneBinding } from './scene-binding';
