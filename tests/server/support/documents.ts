/** A small valid workflow: manual trigger → set a variable. */
export function validDocument(options: { id?: string; name?: string } = {}) {
  return {
    schemaVersion: 1,
    id: options.id ?? 'wf_test',
    name: options.name ?? '問い合わせ対応',
    description: '',
    settings: {},
    nodes: [
      {
        id: 'start',
        type: 'trigger.manual',
        typeVersion: 1,
        position: { x: 0, y: 0 },
        label: '開始',
        config: {},
      },
      {
        id: 'set1',
        type: 'logic.set',
        typeVersion: 1,
        position: { x: 200, y: 0 },
        label: '変数',
        config: { assignments: [{ name: 'greeting', value: 'こんにちは' }] },
      },
    ],
    edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'set1' }],
    notes: [],
  };
}
