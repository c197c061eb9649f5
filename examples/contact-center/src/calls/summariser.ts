// After-call summaries: the transcript goes to the LLM, the summary goes into the CRM note. The
// model runs in the US, under our processing agreement with the provider.

import Anthropic from '@anthropic-ai/sdk';
import type { Transcript } from '../domain/call';
import { callLogger } from '../lib/logger';
import { redact } from '../lib/redact';
import type { Customer } from '../domain/customer';

const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

export async function summarise(transcript: Transcript, customer: Customer): Promise<string> {
  const log = callLogger(transcript.callId);
  log.info({ language: transcript.language, chars: transcript.text.length }, 'summarising');
  const message = await anthropic.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 400,
    system: 'Summarise this insurance call in three bullet points for the agent notes.',
    messages: [{ role: 'user', content: transcript.text }],
  });
  const block = message.content[0];
  const summary = block && block.type === 'text' ? block.text : '';
  log.info({ policy: redact(customer.policyNumber), summaryChars: summary.length }, 'summary ready');
  return summary;
}
