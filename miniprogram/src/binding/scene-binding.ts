import { useEffect, useState } from 'react';
import { asApiError, callRoute, type ApiError } from '../api';
import { queryClient, queryKeys } from '../data';
import type { SessionState } from '../session';

/** What opening the app from a meter's QR code came to. */
export type SceneBinding =
  | { readonly status: 'none' }
  | { readonly status: 'binding' }
  | { readonly status: 'bound'; readonly meterId: string }
  | { readonly status: 'failed'; readonly error: ApiError };

/**
 * The scene a meter's QR code opened the app with (`q=<code>`): WeChat hands
 * `wxacode.getUnlimited`'s scene to the page as `scene`, URL-encoded; the H5
 * demo takes it from the page address the same way. Null without one.
 */
export function sceneOf(params: Readonly<Record<string, string | undefined>>): string | null {
  const raw = params.scene;
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Scenes already sent, so a page shown again (or rendered twice) binds once. */
const sent = new Map<string, Promise<SceneBinding>>();

function bindOnce(openid: string, scene: string): Promise<SceneBinding> {
  const key = `${openid}\n${scene}`;
  let attempt = sent.get(key);
  if (!attempt) {
    attempt = callRoute('POST /v1/bindings', { body: { scene } }).then(
      async ({ meterId }): Promise<SceneBinding> => {
        // The tenant's meters changed: lists and cards fetch again. A read still in flight was asked
        // before the binding; invalidating alone would wait for it (TanStack does not restart a first
        // fetch) and keep its answer without the meter, so it is cancelled first.
        await queryClient.cancelQueries({ queryKey: queryKeys.everyUser() });
        await queryClient.invalidateQueries({ queryKey: queryKeys.everyUser() });
        return { status: 'bound', meterId };
      },
      (error: unknown): SceneBinding => ({ status: 'failed', error: asApiError(error) }),
    );
    sent.set(key, attempt);
  }
  return attempt;
}

/** Forgets what was sent (tests). */
export function forgetSceneBindings(): void {
  sent.clear();
}

/**
 * Binds the logged-in tenant to the meter whose QR code opened the app, once
 * logged in; the page shows the outcome (and the meter, once bound).
 */
export function useSceneBinding(session: SessionState, scene: string | null): SceneBinding {
  const [state, setState] = useState<SceneBinding>({ status: 'none' });
  const openid = session.status === 'ready' ? session.me.openid : null;
  useEffect(() => {
    if (scene === null || openid === null) return undefined;
    let current = true;
    setState({ status: 'binding' });
    void bindOnce(openid, scene).then((outcome) => current && setState(outcome));
    return () => {
      current = false;
    };
  }, [openid, scene]);
  return state;
}

/** What a tenant is told about a binding that failed, by its code. */
export function bindingFailureText(error: ApiError, language: 'zh' | 'en' = 'zh'): string {
  const en = language === 'en';
  switch (error.code) {
    case 'binding.code_unknown':
      return en ? 'This QR code is not valid or was replaced: scan the newest code on the meter, or ask the management office.' : '这个二维码无效或已更换，请扫描表计上最新的二维码，或联系管理处。';
    case 'binding.rate_limited':
      return en ? 'Too many tries: scan again in 10 minutes.' : '尝试次数过多，请 10 分钟后再扫码。';
    case 'binding.settling':
      return en ? 'The last tenancy of this meter is still being settled: ask the management office, then scan again.' : '上一位租户的退租结算尚未完成，请联系管理处，稍后再扫码。';
    case 'binding.code_required':
      return en ? 'Scan the QR code on the meter to bind it.' : '请扫描表计上的二维码完成绑定。';
    default:
      return en ? `Binding failed: ${error.message}` : `绑定失败：${error.message}`;
  }
}
