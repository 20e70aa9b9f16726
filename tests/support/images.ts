// Test pictures made with sharp: a JPEG or PNG of a given size, a GIF, and a truncated JPEG.
import sharp from 'sharp'

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 95, b: 180 } } })

export const jpegOf = async (width = 1200, height = 900): Promise<Buffer> => solid(width, height).jpeg({ quality: 70 }).toBuffer()
export const pngOf = async (width = 800, height = 1000): Promise<Buffer> => solid(width, height).png().toBuffer()
export const gifOf = async (width = 400, height = 300): Promise<Buffer> => solid(width, height).gif().toBuffer()
/** A JPEG whose header is whole and whose picture data stops half way. */
export const truncatedJpeg = async (): Promise<Buffer> => {
  const full = await jpegOf(1200, 900)
  return full.subarray(0, Math.floor(full.length / 2))
}
/** Bytes of an image at most `width` wide, read back. */
export const sizeOf = async (bytes: Uint8Array): Promise<{ width: number; height: number; format: string }> => {
  const m = await sharp(bytes).metadata()
  return { width: m.width!, height: m.height!, format: m.format! }
}
