// Call recordings: stored in the primary US bucket, and replicated to a second bucket in Frankfurt
// for disaster recovery. Uploads are plain HTTPS PUTs to the buckets' regional endpoints.

import axios from 'axios';
import type { Recording } from '../domain/call';
import { callLogger } from '../lib/logger';

const PRIMARY = 'https://cc-recordings.s3.us-east-1.amazonaws.com';
const REPLICA = 'https://cc-recordings-dr.s3.eu-central-1.amazonaws.com';

export async function storeRecording(recording: Recording): Promise<void> {
  const key = `${recording.callId}.${recording.format}`;
  await axios.put(`${PRIMARY}/${key}`, recording.audio, { headers: { 'Content-Type': 'audio/wav' } });
  await axios.put(`${REPLICA}/${key}`, recording.audio, { headers: { 'Content-Type': 'audio/wav' } }); // expect: contacto/region-of-residence
  callLogger(recording.callId).info({ bytes: recording.audio.length, format: recording.format }, 'recording stored');
}
