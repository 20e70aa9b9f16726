import type { ExportFile } from '../../domain/contracts'
import { saveExportFile } from '../../services/file-download.h5'

export async function saveCertificate(file: ExportFile): Promise<string> {
  await saveExportFile(file)
  return `已下载 ${file.fileName}`
}
