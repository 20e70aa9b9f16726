// Saving the certificate file. Taro resolves './save-certificate' per platform: H5 downloads the SVG;
// WeChat saves it to the user data folder (its document viewer cannot open SVG). This file is the
// shared interface the type checker sees and the fallback elsewhere.

import type { ExportFile } from '../../domain/contracts'

/** Saves the certificate and says what happened, in Chinese. */
export async function saveCertificate(file: ExportFile): Promise<string> {
  return `已生成 ${file.fileName}`
}
