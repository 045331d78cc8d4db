import type { WorkflowDocument, WorkflowNode } from '../../runtime/model/workflow';

function step(
  id: string,
  type: string,
  label: string,
  config: Record<string, unknown>,
  y: number,
): WorkflowNode {
  return { id, type, typeVersion: 1, position: { x: 240, y }, label, config };
}

/**
 * The sample "lead capture bot" (issue 6), in Japanese: name → e-mail → company → priority →
 * lead → inquiry → the ticket number. For the sample workspace to add (server/cli/sample.ts);
 * every failure branch ends politely instead of leaving the visitor waiting.
 */
export function leadCaptureBot(id = 'sample-lead-bot'): WorkflowDocument {
  const nodes = [
    step('start', 'trigger.chat', 'チャット開始', {}, 0),
    step('hello', 'bot.message', 'あいさつ', { text: 'こんにちは！お問い合わせを承ります。' }, 100),
    step(
      'name',
      'bot.ask',
      'お名前',
      { prompt: 'お名前を教えてください。', inputType: 'name', variable: 'name' },
      200,
    ),
    step(
      'email',
      'bot.ask',
      'メール',
      {
        prompt: '{{ vars.name }}様、メールアドレスを教えてください。',
        inputType: 'email',
        variable: 'email',
        retries: 2,
      },
      300,
    ),
    step(
      'company',
      'bot.ask',
      '会社名',
      { prompt: '会社名を教えてください。', inputType: 'text', variable: 'company' },
      400,
    ),
    step(
      'priority',
      'bot.choice',
      '優先度',
      {
        prompt: 'お問い合わせの優先度をお選びください。',
        options: ['High', 'Medium', 'Low'],
        variable: 'priority',
      },
      500,
    ),
    step(
      'lead',
      'crm.associate_lead',
      '見込み客を登録',
      {
        connectionId: 'builtin-crm',
        name: '{{ vars.name }}',
        email: '{{ vars.email }}',
        company: '{{ vars.company }}',
        onDuplicate: 'use_existing',
      },
      600,
    ),
    step(
      'inquiry',
      'desk.associate_inquiry',
      '問い合わせを作成',
      {
        connectionId: 'builtin-desk',
        subject: '{{ vars.company }} {{ vars.name }}様からのお問い合わせ',
        priority: '{{ vars.priority }}',
      },
      700,
    ),
    step(
      'tell',
      'bot.message',
      'チケット番号を伝える',
      {
        text: 'お問い合わせを受け付けました。チケット番号は {{ vars.ticket_number }} です。担当者よりご連絡します。',
      },
      800,
    ),
    step('bye', 'bot.end_chat', '終了', { message: 'ありがとうございました。' }, 900),
    step(
      'sorry',
      'bot.message',
      'おわび',
      {
        text: '申し訳ありません。ただいま受け付けできませんでした。時間をおいてもう一度お試しください。',
      },
      1000,
    ),
    step('other', 'bot.message', '選択肢以外', { text: 'ボタンからお選びください。' }, 1100),
  ];
  const edges: Array<[string, string, string]> = [
    ['start', 'next', 'hello'],
    ['hello', 'next', 'name'],
    ['name', 'answered', 'email'],
    ['email', 'answered', 'company'],
    ['email', 'invalid_after_retries', 'sorry'],
    ['company', 'answered', 'priority'],
    ['priority', 'High', 'lead'],
    ['priority', 'Medium', 'lead'],
    ['priority', 'Low', 'lead'],
    ['priority', 'other', 'other'],
    ['other', 'next', 'priority'],
    ['lead', 'success', 'inquiry'],
    ['lead', 'duplicate', 'inquiry'],
    ['lead', 'failure', 'sorry'],
    ['lead', 'integration_disabled', 'sorry'],
    ['inquiry', 'success', 'tell'],
    ['inquiry', 'failure', 'sorry'],
    ['inquiry', 'integration_disabled', 'sorry'],
    ['inquiry', 'department_invalid', 'sorry'],
    ['inquiry', 'agent_invalid', 'sorry'],
    ['tell', 'next', 'bye'],
    ['sorry', 'next', 'bye'],
  ];
  return {
    schemaVersion: 1,
    id,
    name: 'リード獲得ボット',
    description: '名前・メール・会社名・優先度を聞いて見込み客と問い合わせを作り、チケット番号を伝えます。',
    settings: {},
    nodes,
    edges: edges.map(([source, sourceHandle, target], i) => ({
      id: `e${i + 1}`,
      source,
      sourceHandle,
      target,
    })),
    notes: [],
  };
}
