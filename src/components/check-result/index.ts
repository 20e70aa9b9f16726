export { CheckResult, type CheckResultProps } from './check-result'
export { outcomeFromFailure, outcomeFromScan, outcomeTone, type CheckOutcome, type CheckTone } from './outcome'
