import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { initTransport } from './services/transport'
import { loadSession } from './stores/session'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initTransport()
    void loadSession()
  })
  // children is the page being shown
  return children
}

export default App
