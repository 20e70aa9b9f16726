// The README's CloudBase deploy step names the collections to create by hand in the console; a
// collection the adapter uses but the list omits makes the first write to it fail in production.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { COLLECTIONS } from '../../cloud/cloudbase-store'

function deployCollections(readme: string): string[] {
  const start = readme.indexOf('In the CloudBase console create every collection')
  const end = readme.indexOf('(permission:', start)
  if (start < 0 || end < 0) throw new Error('README: the CloudBase collections step is missing')
  return [...readme.slice(start, end).matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]).filter((n) => n !== 'COLLECTIONS')
}

test('the README deploy step lists exactly the collections the CloudBase adapter uses', () => {
  const listed = deployCollections(readFileSync(join(__dirname, '../../README.md'), 'utf8'))
  expect([...listed].sort()).toEqual([...COLLECTIONS].sort())
})
