'use client';

let context: AudioContext | undefined;

/**
 * A soft two-note chime, synthesised (no audio file to ship or cache). Browsers allow sound only after the
 * person has interacted with the page once; before that this stays silent rather than failing.
 */
export function playChime(): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume().catch(() => {});
    const start = context.currentTime + 0.01;
    for (const [i, frequency] of [880, 1318.5].entries()) {
      const at = start + i * 0.13;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.12, at + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.24);
    }
  } catch {
    // No audio device or API: nothing to play.
  }
}
