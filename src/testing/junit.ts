/**
 * A test run as JUnit XML, which CI systems show: one test suite per cell, one test case
 * per step; a cell that cannot run here is a suite whose one case is skipped with the reason.
 * @module
 */
import { xmlAttribute, xmlText } from '../render/xml.js';
import type { CellResult, StepResult, TestRun } from './results.js';
import { failureText } from './report-text.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

const testCase = (suite: string, step: StepResult): string => {
  const open = `    <testcase classname=${xmlAttribute(suite)} name=${xmlAttribute(step.step)} time="${seconds(step.ms)}"`;
  if (step.status === 'passed') return `${open}/>`;
  if (step.status === 'skipped') return `${open}>\n      <skipped message="an earlier step failed"/>\n    </testcase>`;
  const failure = step.failure!;
  return `${open}>\n      <failure message=${xmlAttribute(failure.message.split('\n')[0]!)}>${xmlText(failureText(failure))}</failure>\n    </testcase>`;
};

const suite = (cell: CellResult): string => {
  const name = `${cell.backend} (${cell.profile})`;
  if (cell.notRunnable !== null) {
    return `  <testsuite name=${xmlAttribute(name)} tests="1" failures="0" skipped="1" time="0.000">\n    <testcase classname=${xmlAttribute(name)} name="not runnable here">\n      <skipped message=${xmlAttribute(cell.notRunnable)}/>\n    </testcase>\n  </testsuite>`;
  }
  const failures = cell.steps.filter((s) => s.status === 'failed').length;
  const skipped = cell.steps.filter((s) => s.status === 'skipped').length;
  return [
    `  <testsuite name=${xmlAttribute(name)} tests="${cell.steps.length}" failures="${failures}" skipped="${skipped}" time="${seconds(cell.ms)}">`,
    ...cell.steps.map((step) => testCase(name, step)),
    '  </testsuite>',
  ].join('\n');
};

/** The run as a JUnit XML document. */
export const junitXml = (run: TestRun): string => {
  const all: { readonly status: string }[] = run.cells.flatMap((c): { readonly status: string }[] => (c.notRunnable === null ? [...c.steps] : [{ status: 'skipped' }]));
  const failures = all.filter((s) => s.status === 'failed').length;
  const skipped = all.filter((s) => s.status === 'skipped').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name=${xmlAttribute(`procform test ${run.model}`)} tests="${all.length}" failures="${failures}" skipped="${skipped}" time="${seconds(run.ms)}">`,
    ...run.cells.map(suite),
    '</testsuites>',
    '',
  ].join('\n');
};
