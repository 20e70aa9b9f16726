import Taro from '@tarojs/taro'
import { EmptyState } from '../../components/empty-state/empty-state'
import { PageRoot } from '../../components/page-root'

/** Where an unknown path lands (an old share link, a mistyped address): says so, with a way home. */
export default function NotFoundPage() {
  return (
    <PageRoot>
      <EmptyState
        title='页面不存在'
        description='链接可能已失效或输入有误。'
        actionLabel='返回首页'
        onAction={() => void Taro.reLaunch({ url: '/pages/index/index' })}
      />
    </PageRoot>
  )
}
