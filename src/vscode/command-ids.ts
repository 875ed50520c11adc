/** Every command the extension contributes; package.json `contributes.commands` lists the same ids. */
export enum CommandId {
  ScanWorkspace = 'backendPractices.scanWorkspace',
  OpenRuleDocs = 'backendPractices.openRuleDocs',
  OpenFinding = 'backendPractices.openFinding',
  SelectRole = 'backendPractices.selectRole',
  FilterChecklist = 'backendPractices.filterChecklist',
  ClearFilter = 'backendPractices.clearFilter',
  SuppressFinding = 'backendPractices.suppressFinding',
  ShowChecklist = 'backendPractices.showChecklist',
}
