import { HttpError } from '../http/errors';

export const chatNotRunning = (): HttpError =>
  new HttpError({
    status: 503,
    code: 'chat_unavailable',
    message: { ja: 'チャットは現在利用できません。', en: 'Chat is not available right now.' },
  });

export const botNotFound = (): HttpError =>
  new HttpError({
    status: 404,
    code: 'bot_not_found',
    message: {
      ja: 'このボットは見つからないか、有効になっていません。',
      en: 'This bot does not exist or is not active.',
    },
  });

export const conversationNotFound = (): HttpError =>
  new HttpError({
    status: 404,
    code: 'conversation_not_found',
    message: { ja: '会話が見つかりません。', en: 'The conversation was not found.' },
  });

export const conversationClosed = (): HttpError =>
  new HttpError({
    status: 409,
    code: 'conversation_closed',
    message: { ja: 'この会話は終了しています。', en: 'This conversation has ended.' },
  });

export const badMessage = (max: number): HttpError =>
  new HttpError({
    status: 400,
    code: 'invalid_message',
    message: {
      ja: `メッセージは 1〜${max} 文字で入力してください。`,
      en: `A message must be 1 to ${max} characters long.`,
    },
  });
