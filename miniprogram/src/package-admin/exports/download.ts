import Taro from '@tarojs/taro';

/**
 * Downloads an export from its signed link. H5: the browser downloads it (the
 * link answers as an attachment). weapp: `downloadFile`, then `openDocument`
 * for an XLSX (WeChat opens it and offers to share or save it); a CSV, which
 * WeChat cannot open, is handed over as its link, copied. (The storage's
 * domain must be a download domain of the mini-program.)
 */
export async function downloadExport(url: string, format: 'xlsx' | 'csv'): Promise<'started' | 'opened' | 'copied'> {
  if (process.env.TARO_ENV === 'h5') {
    window.location.assign(url);
    return 'started';
  }
  if (format === 'csv') {
    await Taro.setClipboardData({ data: url });
    return 'copied';
  }
  const { tempFilePath } = await Taro.downloadFile({ url });
  await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true });
  return 'opened';
}
