import Taro from '@tarojs/taro';
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './en';
import { zh, type Messages } from './zh';

export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];
const STORAGE_KEY = 'language';

function storedLanguage(): Language {
  try {
    const stored: unknown = Taro.getStorageSync(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** i18next, set up once: Chinese first, English available; the choice is kept on the device. */
void i18next.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
  returnNull: false,
});

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Messages };
  }
}

/** Switches the language of every page now and on later starts. */
export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  try {
    Taro.setStorageSync(STORAGE_KEY, language);
  } catch {
    // Storage full or unavailable: the choice still holds until the app closes.
  }
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'zh';
}

/** The translate function and the language, re-rendering the page when the language changes. */
export function useT() {
  const { t, i18n } = useTranslation();
  return { t, language: (i18n.language === 'en' ? 'en' : 'zh') as Language };
}

export { i18next };
