// Grad modes: no_grad / enable_grad / set_grad_enabled / inference_mode are one global state,
// saved and restored by the context managers in engine/torch.

export const gradMode = {
  /** Whether ops record a graph. */
  enabled: true,
  /** Inside inference_mode: outputs are inference tensors. */
  inference: false,
};

export function withGradEnabled<T>(enabled: boolean, fn: () => T): T {
  const prev = gradMode.enabled;
  gradMode.enabled = enabled;
  try {
    return fn();
  } finally {
    gradMode.enabled = prev;
  }
}
