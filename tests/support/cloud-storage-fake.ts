// An in-memory stand-in for wx-server-sdk's cloud storage (uploadFile / downloadFile / deleteFile),
// with the fileID form the SDK returns (cloud://<env>.<bucket>/<cloudPath>) and its failure on a
// missing file.
import type { CloudStorage } from '../../cloud/cloudbase-posters'

export interface FakeCloudStorage extends CloudStorage {
  /** The stored files by fileID. */
  readonly files: Map<string, Uint8Array>
}

export function createFakeCloudStorage(envBucket = 'test-env.7465-test-env-1300000000'): FakeCloudStorage {
  const files = new Map<string, Uint8Array>()
  return {
    files,
    async uploadFile({ cloudPath, fileContent }) {
      if (!cloudPath || cloudPath.startsWith('/')) throw new Error('uploadFile:fail invalid cloudPath')
      const fileID = `cloud://${envBucket}/${cloudPath}`
      files.set(fileID, new Uint8Array(fileContent))
      return { fileID }
    },
    async downloadFile({ fileID }) {
      const f = files.get(fileID)
      if (!f) throw Object.assign(new Error('downloadFile:fail storage file not exists'), { errCode: -503003 })
      return { fileContent: new Uint8Array(f) }
    },
    async deleteFile({ fileList }) {
      for (const id of fileList) files.delete(id)
      return { fileList: fileList.map((fileID) => ({ fileID, status: 0 })) }
    },
  }
}
