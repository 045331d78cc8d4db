/**
 * The sample workspace's example workflows, built from the CRM nodes. Fixed ids, so a second load
 * finds them. Later issues add their own examples to this list.
 */

type NodeSpec = [type: string, config: Record<string, unknown>, label: string];
type Edge = [source: string, branch: string, target: string];

export interface SampleWorkflow {
  id: string;
  name: string;
  description: string;
  document: Record<string, unknown>;
}

function document(options: {
  id: string;
  name: string;
  description: string;
  nodes: Record<string, NodeSpec>;
  edges: Edge[];
}): SampleWorkflow {
  const nodes = Object.entries(options.nodes).map(([id, [type, config, label]], index) => ({
    id,
    type,
    typeVersion: 1,
    // A simple left-to-right layout, three rows deep: good enough to open and tidy in the editor.
    position: { x: 80 + Math.floor(index / 3) * 280, y: 80 + (index % 3) * 160 },
    label,
    config,
  }));
  return {
    id: options.id,
    name: options.name,
    description: options.description,
    document: {
      schemaVersion: 1,
      id: options.id,
      name: options.name,
      description: options.description,
      settings: {},
      nodes,
      edges: options.edges.map(([source, sourceHandle, target], index) => ({
        id: `e${index + 1}`,
        source,
        sourceHandle,
        target,
      })),
      notes: [],
    },
  };
}

const leadBot = document({
  id: 'wf_sample_lead_bot',
  name: 'リード獲得ボット / Lead capture bot',
  description: 'チャットで名前・会社・メール・電話を聞き、見込み客として登録し、ニュースレターに追加します。',
  nodes: {
    start: ['trigger.chat', {}, 'チャット開始'],
    hello: ['bot.message', { text: 'こんにちは！資料請求を承ります。' }, 'あいさつ'],
    ask_name: [
      'bot.ask',
      { prompt: 'お名前を教えてください。', inputType: 'name', variable: 'name' },
      '名前を聞く',
    ],
    ask_company: [
      'bot.ask',
      { prompt: '会社名を教えてください。', inputType: 'text', variable: 'company' },
      '会社名を聞く',
    ],
    ask_email: [
      'bot.ask',
      { prompt: 'メールアドレスを教えてください。', inputType: 'email', variable: 'email' },
      'メールを聞く',
    ],
    ask_phone: [
      'bot.ask',
      { prompt: '電話番号を教えてください。', inputType: 'phone', variable: 'phone' },
      '電話番号を聞く',
    ],
    lead: [
      'crm.associate_lead',
      {
        connectionId: 'builtin-crm',
        name: '{{ vars.name }}',
        company: '{{ vars.company }}',
        email: '{{ vars.email }}',
        phone: '{{ vars.phone }}',
        source: 'チャットボット',
        onDuplicate: 'branch',
        idVariable: 'lead_id',
      },
      '見込み客を関連付ける',
    ],
    newsletter: [
      'lists.add_to_list',
      {
        connectionId: 'builtin-lists',
        listId: 'sample-list-newsletter',
        nameVariable: 'name',
        emailVariable: 'email',
        phone: '{{ vars.phone }}',
      },
      '配信リストに追加する',
    ],
    thanks: [
      'bot.message',
      { text: '{{ vars.name }} 様、ありがとうございます。担当者よりご連絡します。' },
      'お礼',
    ],
    known: [
      'bot.message',
      { text: '{{ vars.name }} 様はすでにご登録いただいています。担当者よりご連絡します。' },
      '登録済み',
    ],
    sorry: [
      'bot.message',
      { text: '申し訳ありません。ただいま受け付けできません。時間をおいてお試しください。' },
      'おわび',
    ],
    end: ['bot.end_chat', {}, 'チャット終了'],
  },
  edges: [
    ['start', 'next', 'hello'],
    ['hello', 'next', 'ask_name'],
    ['ask_name', 'answered', 'ask_company'],
    ['ask_company', 'answered', 'ask_email'],
    ['ask_email', 'answered', 'ask_phone'],
    ['ask_phone', 'answered', 'lead'],
    ['lead', 'success', 'newsletter'],
    ['lead', 'duplicate', 'known'],
    ['lead', 'failure', 'sorry'],
    ['lead', 'integration_disabled', 'sorry'],
    ['newsletter', 'success', 'thanks'],
    ['newsletter', 'failure', 'thanks'],
    ['newsletter', 'integration_disabled', 'thanks'],
    ['thanks', 'next', 'end'],
    ['known', 'next', 'end'],
    ['sorry', 'next', 'end'],
  ],
});

const inquiryIntake = document({
  id: 'wf_sample_inquiry',
  name: 'Web 問い合わせ受付 / Web inquiry intake',
  description:
    'Webhook (POST /webhook/sample/inquiry) で受けた問い合わせから見込み客・連絡先・商談・チケットを作り、チケット番号を返します。',
  nodes: {
    start: ['trigger.webhook', { path: 'sample/inquiry', method: 'POST', responseMode: 'sync' }, 'Webhook'],
    lead: [
      'crm.associate_lead',
      {
        connectionId: 'builtin-crm',
        name: '{{ trigger.body.name }}',
        company: '{{ trigger.body.company }}',
        email: '{{ trigger.body.email }}',
        phone: '{{ trigger.body.phone }}',
        source: 'Web フォーム',
        onDuplicate: 'use_existing',
        idVariable: 'lead_id',
      },
      '見込み客を関連付ける',
    ],
    contact: [
      'crm.associate_contact',
      {
        connectionId: 'builtin-crm',
        name: '{{ trigger.body.name }}',
        company: '{{ trigger.body.company }}',
        email: '{{ trigger.body.email }}',
        phone: '{{ trigger.body.phone }}',
        onDuplicate: 'use_existing',
        idVariable: 'contact_id',
      },
      '連絡先を関連付ける',
    ],
    deal: [
      'crm.associate_deal',
      {
        connectionId: 'builtin-crm',
        dealName: '{{ trigger.body.company }} {{ trigger.body.name }} 様 お問い合わせ',
        pipelineId: 'sample-sales',
        stageId: 'sample-sales-new',
        amount: '{{ trigger.body.budget }}',
        contactId: '{{ vars.contact_id }}',
        idVariable: 'deal_id',
      },
      '商談を関連付ける',
    ],
    ticket: [
      'desk.associate_inquiry',
      {
        connectionId: 'builtin-desk',
        subject: '{{ trigger.body.subject }}',
        description: '{{ trigger.body.message }}',
        status: '未対応',
        priority: '{{ trigger.body.priority }}',
        classification: '質問',
        departmentId: 'sample-dept-support',
        contactName: '{{ trigger.body.name }}',
        contactEmail: '{{ trigger.body.email }}',
        contactPhone: '{{ trigger.body.phone }}',
        ticketIdVariable: 'ticket_id',
        ticketNumberVariable: 'ticket_number',
      },
      '問い合わせを関連付ける',
    ],
    reply: [
      'logic.respond',
      {
        status: 201,
        bodyType: 'json',
        body: '{"leadId":"{{ vars.lead_id }}","contactId":"{{ vars.contact_id }}","dealId":"{{ vars.deal_id }}","ticketId":"{{ vars.ticket_id }}","ticketNumber":{{ vars.ticket_number }}}',
      },
      'チケット番号を返す',
    ],
    refused: [
      'logic.respond',
      { status: 422, bodyType: 'json', body: '{"error":"invalid_input"}' },
      '入力エラー',
    ],
    unavailable: [
      'logic.respond',
      { status: 503, bodyType: 'json', body: '{"error":"unavailable"}' },
      '受付停止中',
    ],
  },
  edges: [
    ['start', 'next', 'lead'],
    ['lead', 'success', 'contact'],
    ['lead', 'duplicate', 'contact'],
    ['lead', 'failure', 'refused'],
    ['lead', 'integration_disabled', 'unavailable'],
    ['contact', 'success', 'deal'],
    ['contact', 'duplicate', 'deal'],
    ['contact', 'failure', 'refused'],
    ['contact', 'integration_disabled', 'unavailable'],
    ['deal', 'success', 'ticket'],
    ['deal', 'failure', 'refused'],
    ['deal', 'integration_disabled', 'unavailable'],
    ['ticket', 'success', 'reply'],
    ['ticket', 'failure', 'refused'],
    ['ticket', 'integration_disabled', 'unavailable'],
    ['ticket', 'department_invalid', 'unavailable'],
    ['ticket', 'agent_invalid', 'unavailable'],
  ],
});

const callToTodo = document({
  id: 'wf_sample_call_todo',
  name: '通話のあとに ToDo / Call → to-do',
  description: '通話が記録されたら、その連絡先への折り返し ToDo を作ります。',
  nodes: {
    start: ['trigger.record_event', { module: 'calls', event: 'created' }, '通話が記録された'],
    todo: [
      'tasks.create_todo',
      {
        subject: '折り返し連絡: {{ trigger.record.name }}',
        memo: '{{ trigger.record.description }}',
        contactId: '{{ trigger.record.contactId }}',
      },
      'ToDo を作成',
    ],
  },
  edges: [['start', 'next', 'todo']],
});

const dealFollowUp = document({
  id: 'wf_sample_deal_follow_up',
  name: '商談のフォローアップ / Deal follow-up',
  description:
    'パイプライン「商談」のステージの自動処理から呼ばれます（提案に入って 3 日後、受注したとき）。商談の連絡先への ToDo を作ります。',
  nodes: {
    start: [
      'trigger.manual',
      { samplePayload: { record: { name: 'サンプル商談', contactId: '' } } },
      'ステージの自動処理',
    ],
    todo: [
      'tasks.create_todo',
      { subject: 'フォローアップ: {{ trigger.record.name }}', contactId: '{{ trigger.record.contactId }}' },
      'ToDo を作成',
    ],
  },
  edges: [['start', 'next', 'todo']],
});

export const SAMPLE_WORKFLOWS: readonly SampleWorkflow[] = [leadBot, inquiryIntake, callToTodo, dealFollowUp];

/** Stage automations of the sample pipeline: follow up 3 days into 提案, and at once on 受注. */
export const SAMPLE_AUTOMATIONS = [
  {
    id: 'sample-automation-proposal',
    pipelineId: 'sample-sales',
    stageId: 'sample-sales-proposal',
    workflowId: 'wf_sample_deal_follow_up',
    delayAmount: 3,
    delayUnit: 'days' as const,
  },
  {
    id: 'sample-automation-won',
    pipelineId: 'sample-sales',
    stageId: 'sample-sales-won',
    workflowId: 'wf_sample_deal_follow_up',
    delayAmount: 0,
    delayUnit: null,
  },
];
