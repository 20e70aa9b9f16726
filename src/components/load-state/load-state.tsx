// The whole page while its data is not there yet: 加载中, or why it failed — 无法访问 with the page's
// own words when the caller may not see it (no retry), 加载失败 with a retry otherwise.
import type { ApiError } from '../../services/transport'
import { ErrorState } from '../error-state'
import { Loading } from '../loading'
import { PageRoot } from '../page-root'

export interface LoadStateProps {
  readonly error: ApiError | null
  readonly loaded: boolean
  /** What a refused caller reads, e.g. 只有区科协管理员可以审核活动. */
  readonly deniedMessage: string
  readonly onRetry: () => void
}

export const isDenied = (e: ApiError): boolean => e.code === 'AUTH.FORBIDDEN' || e.code === 'AUTH.REQUIRED'

/** The page to show instead of the content, or null once the data is there. */
export function loadStatePage({ error, loaded, deniedMessage, onRetry }: LoadStateProps): JSX.Element | null {
  if (error && !loaded) {
    const denied = isDenied(error)
    return (
      <PageRoot>
        <ErrorState title={denied ? '无法访问' : '加载失败'} message={denied ? deniedMessage : error.message} onRetry={denied ? undefined : onRetry} />
      </PageRoot>
    )
  }
  if (!loaded) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }
  return null
}
