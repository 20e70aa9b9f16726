import type { PropsWithChildren } from 'react'
import Taro, { useDidShow, useLaunch, usePageNotFound } from '@tarojs/taro'
import { installKeyboardAccess } from './services/keyboard'
import { initTransport } from './services/transport'
import { initPrivacyAuthorization } from './services/privacy-auth'
import { loadSession } from './stores/session'
import { refreshSystemFont } from './stores/ui'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initTransport()
    installKeyboardAccess()
    initPrivacyAuthorization()
    void loadSession()
  })
  // An unknown path (an old share link, a mistyped address) shows 页面不存在 with a way home, not a blank page.
  usePageNotFound(() => void Taro.redirectTo({ url: '/pages/not-found/index' }))
  // The WeChat font setting can change while the app sits in the background (关怀模式 follows it).
  useDidShow(() => refreshSystemFont())
  // children is the page being shown
  return children
}

export default App
