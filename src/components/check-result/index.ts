export { CheckResult, type CheckResultProps } from './check-result'
export { headlineFor, outcomeFromFailure, outcomeFromScan, outcomeTone, type CheckOutcome, type CheckTone } from './outcome'
