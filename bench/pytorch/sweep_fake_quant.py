#!/usr/bin/python3
"""The demo sweep as a plain PyTorch fake-quant loop: `npm run bench:sweep`'s peer.

    /usr/bin/python3 bench/pytorch/sweep_fake_quant.py [--limit N] [--threads T] [--batch B]
                                                       [--activation-quant reference|torch]

Needs Debian's python3-torch and python3-onnx (apt-get install -y python3-torch python3-onnx);
not part of CI. Prints one JSON object on stdout: per-point accuracy and the loop's wall time.

The 24-point grid of assets/examples/fashion-mnist.edgefront (weight bits {2,3,4,8} x activation
bits {4,8} x pruning {0, 0.5, 0.8}) on fmnist-rescnn over the first N images of the Fashion-MNIST
test split (default: all 10,000), calibrated on the first 512 images of the calib split.

The model definition and the quantization helpers are those of scripts/quantized-reference.py,
imported as a module (not copied): BN folding, symmetric narrow-range per-channel weights,
asymmetric per-tensor min/max activations at EdgeFront's quantization points, calibration through
the weight-quantized model. Added here: EdgeFront's global magnitude pruning
(workers/engine/prune/magnitude.ts), applied after BN folding and before weight quantization.

Per point, the loop does what an EdgeFront worker does for a point: fold BN, prune, quantize the
weights, calibrate the activations, evaluate the test images in batches of B (default 100,
EdgeFront's default; on this model PyTorch is about 3x slower per image at batch 1000, see
docs/benchmarks.md). One-time costs (importing the reference, reading the ONNX weights and the
two dataset splits) are timed separately as `setupSeconds`; `loopSeconds` is the 24-point loop
alone; `totalSeconds` is both.

Activation fake quantization (--activation-quant):
  reference  the reference's own quantizer, x -> (clamp(round(x/scale) + zp) - zp)*scale computed
             in float64, EdgeFront's convention (the default);
  torch      torch.fake_quantize_per_tensor_affine in float32 with the same scale and zero point
             (what a plain PyTorch fake-quant loop would call; in float32 a value on a rounding
             tie can land one level off the float64 result).
"""

import argparse
import importlib.util
import json
import math
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE_PATH = os.path.join(ROOT, "scripts", "quantized-reference.py")
MODEL = "fmnist-rescnn"
WEIGHT_BITS = (2, 3, 4, 8)
ACTIVATION_BITS = (4, 8)
PRUNE_RATIOS = (0.0, 0.5, 0.8)


def load_reference():
    spec = importlib.util.spec_from_file_location("quantized_reference", REFERENCE_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pruned_count(ratio, n):
    """workers/engine/prune/pruned-count.ts: floor(ratio·n) nudged up by a relative 2^-40."""
    return min(n, math.floor(ratio * n * (1 + 2 ** -40)))


def global_magnitude_masks(torch, layers, ratio):
    """workers/engine/prune/magnitude.ts, scope 'global': over all layers together (in graph
    order), mask exactly k = floor(ratio·n) weights — every |w| below the k-th smallest magnitude
    τ, then weights with |w| = τ in order (layer order, then index) until k are masked. NaN weights
    are never pruned. Magnitudes are float32, as EdgeFront's are. Returns one bool mask per layer,
    True = pruned."""
    flat = torch.cat([w.detach().reshape(-1).float() for w in layers])
    magnitudes = flat.abs()
    finite = ~torch.isnan(magnitudes)
    k = min(pruned_count(ratio, flat.numel()), int(finite.sum()))
    pruned = torch.zeros(flat.numel(), dtype=torch.bool)
    if k > 0:
        threshold = torch.sort(magnitudes[finite]).values[k - 1]
        pruned = finite & (magnitudes < threshold)
        ties = torch.nonzero(finite & (magnitudes == threshold)).reshape(-1)
        pruned[ties[: k - int(pruned.sum())]] = True
    masks, start = [], 0
    for w in layers:
        masks.append(pruned[start:start + w.numel()].reshape(w.shape))
        start += w.numel()
    return masks


def torch_fake_quantizers(ref):
    """The reference's ActivationQuantizers (same calibration, same scale and zero point), with
    PyTorch's own float32 fake-quant op once frozen."""

    class TorchFakeQuant(ref.ActivationQuantizers):
        def __call__(self, tensor, location, x):
            if self.bits is None or self.parameters is None:
                return super().__call__(tensor, location, x)
            scale, zero_point = self.parameters[tensor]
            return ref.torch.fake_quantize_per_tensor_affine(x, scale, int(zero_point), 0, 2 ** self.bits - 1)

    return TorchFakeQuant


class PruningHook:
    """Hooks into the reference's Layer construction. The reference builds each Conv/Gemm as
    Layer(weights, name, bits, bn_name) and calls its module-level quantize_weight(W', bits) on the
    BN-folded float weight; this wraps both so the folded weight can be recorded (pass 1) or
    pruned just before it is quantized (pass 2)."""

    def __init__(self, ref):
        self.ref = ref
        self.current = None
        self.record = None
        self.masks = None
        base_layer, base_quantize = ref.Layer, ref.quantize_weight
        hook = self

        class HookedLayer(base_layer):
            def __init__(self, weights, name, bits, bn_name=None):
                hook.current = name
                super().__init__(weights, name, bits, bn_name)
                hook.current = None

        def quantize_weight(weight, bits):
            if hook.record is not None:
                hook.record[hook.current] = weight
            if hook.masks is not None and hook.current in hook.masks:
                weight = weight.masked_fill(hook.masks[hook.current], 0.0)
            return base_quantize(weight, bits)

        ref.Layer = HookedLayer
        ref.quantize_weight = quantize_weight

    def build(self, weights, build, order, weight_bits, ratio):
        """The forward pass of one point: BN folded, pruned (global magnitude), weights quantized."""
        self.masks = None
        if ratio > 0:
            # Pass 1: the folded float weights (no quantization), to rank all of them together.
            self.record = {}
            build(weights, None)
            folded, self.record = self.record, None
            names = sorted(folded, key=order)
            self.masks = dict(zip(names, global_magnitude_masks(self.ref.torch, [folded[n] for n in names], ratio)))
        forward = build(weights, weight_bits)
        self.masks = None
        return forward


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="evaluate the first N test images (default: all)")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1)")
    parser.add_argument("--batch", type=int, default=100, help="test images per forward pass (default 100)")
    parser.add_argument("--activation-quant", choices=("reference", "torch"), default="reference",
                        help="activation fake-quant: the reference's float64 one (default) or torch's float32 op")
    args = parser.parse_args()

    started = time.perf_counter()
    cpu_started = time.process_time()
    ref = load_reference()
    torch = ref.torch
    torch.set_num_threads(args.threads)
    dataset, build = ref.MODELS[MODEL]
    hook = PruningHook(ref)
    quantizer_class = ref.ActivationQuantizers if args.activation_quant == "reference" else torch_fake_quantizers(ref)
    weights = ref.OnnxWeights(os.path.join(ROOT, "assets", "models", f"{MODEL}.onnx"))
    calib_images, _ = ref.load_split(dataset, "calib")
    test_images, test_labels = ref.load_split(dataset, "test")
    if args.limit is not None:
        test_images, test_labels = test_images[:args.limit], test_labels[:args.limit]
    calib_images = calib_images[:ref.CALIBRATION_SAMPLES]
    # Graph order of the Conv/Gemm layers (EdgeFront's tie order for pruning), by weight name.
    node_index = {}
    for i, node in enumerate(weights.model.graph.node):
        for name in node.input:
            node_index.setdefault(name, i)
    order = lambda layer: node_index[f"{layer}.weight"]
    setup_seconds = time.perf_counter() - started

    points = []
    loop_started = time.perf_counter()
    with torch.no_grad():
        for weight_bits in WEIGHT_BITS:
            for activation_bits in ACTIVATION_BITS:
                for ratio in PRUNE_RATIOS:
                    t0 = time.perf_counter()
                    forward = hook.build(weights, build, order, weight_bits, ratio)
                    quantizers = quantizer_class(activation_bits)
                    forward(calib_images, quantizers)
                    quantizers.freeze()
                    t1 = time.perf_counter()
                    correct = 0
                    for s in range(0, len(test_images), args.batch):
                        predictions = forward(test_images[s:s + args.batch], quantizers).argmax(1)
                        correct += int((predictions == test_labels[s:s + args.batch]).sum())
                    t2 = time.perf_counter()
                    points.append({
                        "weightBits": weight_bits,
                        "activationBits": activation_bits,
                        "pruneRatio": ratio,
                        "correct": correct,
                        "samples": len(test_labels),
                        "accuracy": correct / len(test_labels),
                        "deploySeconds": t1 - t0,
                        "inferenceSeconds": t2 - t1,
                    })
                    print(f"w{weight_bits}a{activation_bits} p{ratio}: {correct / len(test_labels):.4f} "
                          f"({t2 - t0:.2f} s)", file=sys.stderr, flush=True)
    loop_seconds = time.perf_counter() - loop_started
    json.dump({
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "activationQuant": args.activation_quant,
        "samples": len(test_labels),
        "calibrationSamples": len(calib_images),
        "setupSeconds": setup_seconds,
        "loopSeconds": loop_seconds,
        "totalSeconds": setup_seconds + loop_seconds,
        "cpuSeconds": time.process_time() - cpu_started,
        "points": points,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    sys.exit(main())
