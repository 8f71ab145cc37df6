/**
 * `@tarojs/taro` for component tests. In a real H5 build, Taro's babel plugin turns
 * `Taro.request(…)` into named imports of @tarojs/taro-h5, whose default export lacks
 * most APIs; without that plugin, the default object must carry them, as it does in
 * weapp. A plain object also lets tests spy on `Taro.request`.
 */
import * as h5 from '@tarojs/taro-h5';

const Taro = { ...h5.default, ...h5 };

export * from '@tarojs/taro-h5';
export default Taro;
