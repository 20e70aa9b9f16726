/** One identity offered by the local demo sign-in. */
export interface DemoIdentity {
  readonly id: string
  readonly displayName: string
  readonly role: string
  readonly description: string
}
