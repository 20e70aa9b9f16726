// `node dist/server/main.js`: start the local runtime and stop cleanly on Ctrl-C.
import { ConfigError, startServer } from './main'

startServer()
  .then(({ url, close }) => {
    console.log(`科普环翠 local server: ${url}`)
    const stop = () => close().then(() => process.exit(0))
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  .catch((err) => {
    console.error(err instanceof ConfigError ? err.message : err)
    process.exit(1)
  })
