export { QrCode, type QrCodeProps, type QrSize } from './qr-code'
