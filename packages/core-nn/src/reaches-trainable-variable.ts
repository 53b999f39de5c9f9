/**
 * Whether reverse-mode autodiff can carry a gradient from a trainable variable to a tensor: the
 * test a fused layer makes in its forward pass, so that its gradient kernel can skip the gradient
 * with respect to its input when no training step will ask for it. That is the minibatch fed to a
 * network's first layer: for a dense layer 784 -> 512 at batch 128 the skipped dx is 103 MFLOP,
 * a third of the layer's backward pass.
 *
 * It walks back through the ops recorded on the active gradient tape (tfjs-core 4.22's
 * `engine().state.activeTape`, a list of nodes { inputs, outputs }) from x, and answers true as
 * soon as it meets a trainable variable. Without a recording tape it answers false. A gradient with
 * respect to a plain tensor can still be asked for (tf.grad(f)(x) takes one), so a layer that skips
 * the input gradient on this answer must still compute it when asked (the fused layers fall back to
 * composed ops).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** The part of tfjs-core's TapeNode this reads. */
interface RecordedOp {
  inputs: Record<string, Tensor>;
  outputs: Tensor[];
}

function activeTape(): RecordedOp[] | null {
  const engine = tf.engine();
  if (!engine.isTapeOn()) return null;
  return (engine.state as unknown as { activeTape: RecordedOp[] | null }).activeTape;
}

/** The latest recorded op that output the tensor with this id (tensor ids are never reused). */
function producerOf(tape: RecordedOp[], id: number): RecordedOp | undefined {
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    for (const output of node.outputs) if (output.id === id) return node;
  }
  return undefined;
}

/** True when x is a trainable variable, or is computed from one by ops on the recording tape. */
export function reachesTrainableVariable(x: Tensor): boolean {
  const tape = activeTape();
  if (tape === null) return false;
  const pending: Tensor[] = [x];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const t = pending.pop()!;
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    if (t instanceof tf.Variable && t.trainable) return true;
    const node = producerOf(tape, t.id);
    if (node !== undefined) for (const input of Object.values(node.inputs)) if (input != null) pending.push(input);
  }
  return false;
}
