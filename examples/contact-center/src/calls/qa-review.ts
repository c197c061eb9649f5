// Quality review: a sample of transcripts goes to the offshore QA team, whose scoring tool runs
// behind an API gateway in Mumbai.

import axios from 'axios';
import type { Call, Transcript } from '../domain/call';
import { logger } from '../lib/logger';

const qa = axios.create({ baseURL: 'https://q7x2k1.execute-api.ap-south-1.amazonaws.com/prod' });

/** One call in ten is reviewed; the reviewer sees the words, never the caller's number. */
export async function sendForReview(call: Call, transcript: Transcript): Promise<void> {
  if (call.durationSeconds < 60 || Math.random() >= 0.1) return;
  await qa.post('/reviews', { callId: call.id, queue: call.queue, transcript: transcript.text }); // expect: sonarcx/hosted-in-us-eu, contacto/region-of-residence, cloudcall/onward-transfer-certified-only
  logger.info({ callId: call.id, queue: call.queue }, 'sent for QA review');
}

/** Review scores come back as numbers keyed by call id: nothing personal goes out to fetch them. */
export async function fetchScores(callIds: string[]): Promise<Record<string, number>> {
  const response = await qa.get<Record<string, number>>('/scores', { params: { ids: callIds.join(',') } });
  return response.data;
}
