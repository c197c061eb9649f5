// Calls, their recordings and transcripts. The audio and the transcript's text are the conversation
// itself, so they carry the communications categories; ids, queues and durations are not personal.

export interface Call {
  id: string;
  customerId: string;
  agentId: string;
  startedAt: Date;
  durationSeconds: number;
  queue: 'claims' | 'billing' | 'sales';
  /** @pii user.contact.phone_number */
  callerNumber: string;
}

export interface Recording {
  callId: string;
  /**
   * Raw audio of the call.
   * @pii user.content.communications.call_recording
   */
  audio: Buffer;
  format: 'wav' | 'mp3';
}

export interface Transcript {
  callId: string;
  language: string;
  /**
   * What was said, speaker by speaker.
   * @pii user.content.communications.transcript
   */
  text: string;
}
