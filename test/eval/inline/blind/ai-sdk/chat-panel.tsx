/* eslint-disable */
// @ts-nocheck -- evaluation data: imports SDKs this repository does not install.
'use client';

import { useChat } from '@ai-sdk/react';
import { useState } from 'react';
import { useTranslations } from 'next-intl';

const PLACEHOLDERS = ['Ask about your order…', 'Ask about returns…', 'Ask about delivery times…'];

export function ChatPanel({ orderId }: { orderId: string }) {
  const t = useTranslations('chat');
  const { messages, sendMessage, status, error } = useChat();
  const [input, setInput] = useState('');

  function askName() {
    const name = prompt('Enter your name so the assistant can greet you');
    if (name) localStorage.setItem('chat.name', name);
  }

  return (
    <div className="chat-panel" aria-label={t('panelLabel', { orderId })}>
      {messages.map((m) => (
        <p key={m.id} className={m.role === 'user' ? 'bubble user' : 'bubble bot'}>
          {m.parts.map((part) => (part.type === 'text' ? part.text : null))}
        </p>
      ))}
      {error && <p role="alert">Something went wrong. Please reload the page and try again.</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          sendMessage({ text: input });
          setInput('');
        }}
      >
        <input
          value={input}
          placeholder={PLACEHOLDERS[orderId.length % PLACEHOLDERS.length]}
          onChange={(e) => setInput(e.target.value)}
          disabled={status !== 'ready'}
        />
        <button type="submit">{t('send')}</button>
        <button type="button" onClick={askName}>Tell the assistant your name</button>
      </form>
    </div>
  );
}
