#!/usr/bin/python3
"""Independent PyTorch fake-quant reference for EdgeFront's default quantization conventions.

    /usr/bin/python3 scripts/quantized-reference.py

Reads the demo models from assets/models/*.onnx (weights only: each forward pass below is written
by hand from the architecture, so it shares no code with EdgeFront's graph interpreter) and the
demo datasets from assets/datasets/, and writes test/fixtures/pytorch/quantized-reference.json.

Conventions (DESIGN.md defaults, implemented literally):
  * BatchNormalization folded into the preceding Conv: W' = W·γ/√(σ²+ε) per output channel,
    b' = (b−μ)·γ/√(σ²+ε) + β; folded in float64, stored as float32 like any float model.
  * Weights: symmetric, narrow range, per output channel; qmax = 2^(b−1)−1, scale = max|W_c|/qmax
    (1 when the channel is all zero), q = clamp(round_half_even(W/scale), −qmax, qmax),
    W_q = q·scale. Biases stay float.
  * Activations: asymmetric per tensor at every quantization point (graph input, fused
    Conv/Gemm(+BN)(+Relu) outputs, Add(+Relu) outputs, GlobalAveragePool output, standalone
    arithmetic, logits). MaxPool and Flatten keep their input's grid. lo = min(0, min),
    hi = max(0, max), scale = (hi−lo)/(2^b−1) (1 when hi == lo),
    zero_point = clamp(round_half_even(−lo/scale), 0, 2^b−1),
    x → (clamp(round_half_even(x/scale) + zp, 0, 2^b−1) − zp)·scale, computed in float64.
  * Calibration: min/max over the first 512 samples of the calibration split, run through the
    model whose weights are already quantized, with every activation quantizer passing floats
    through.
"""

import gzip
import hashlib
import json
import math
import os
import re
import struct
import sys

import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT_PATH = os.path.join(ROOT, "test", "fixtures", "pytorch", "quantized-reference.json")
CALIBRATION_SAMPLES = 512
PREDICTIONS_KEPT = 1000
CONFIGS = {"w8a8": (8, 8), "w4a8": (4, 8), "w4a4": (4, 4)}


def read_idx(path):
    with gzip.open(path, "rb") as handle:
        raw = handle.read()
    magic, = struct.unpack(">I", raw[:4])
    ndim = magic & 0xFF
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: IDX magic 0x{magic:08x} does not announce uint8 data.")
    dims = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    return torch.frombuffer(bytearray(raw[4 + 4 * ndim:]), dtype=torch.uint8).reshape(dims)


def load_split(dataset, split):
    base = os.path.join(ROOT, "assets", "datasets", dataset, split)
    images = read_idx(f"{base}-images-idx3-ubyte.gz").float().div_(255.0).unsqueeze(1)
    return images, read_idx(f"{base}-labels-idx1-ubyte.gz").long()


class OnnxWeights:
    """Initializers, Constant outputs and node attributes of an exported model, looked up by the
    names the hand-written forward passes use."""

    def __init__(self, path):
        self.path = path
        self.model = onnx.load(path)
        graph = self.model.graph
        self.tensors = {init.name: torch.from_numpy(numpy_helper.to_array(init).copy()) for init in graph.initializer}
        for node in graph.node:
            if node.op_type == "Constant":
                self.tensors[node.output[0]] = torch.from_numpy(numpy_helper.to_array(node.attribute[0].t).copy())
        self.values = {name for node in graph.node for name in node.output} | {value.name for value in graph.input}

    def __getitem__(self, name):
        return self.tensors[name]

    def consumer(self, op_type, input_name):
        for node in self.model.graph.node:
            if node.op_type == op_type and input_name in node.input:
                return node
        raise KeyError(f"{self.path}: no {op_type} node reads {input_name!r}.")

    def attributes(self, node):
        return {attribute.name: onnx.helper.get_attribute_value(attribute) for attribute in node.attribute}

    def require_value(self, name):
        if name not in self.values:
            raise KeyError(f"{self.path}: the exported graph has no tensor named {name!r}; re-check the forward pass.")


def fold_batch_norm(weights, conv_name, bn_name):
    """Returns float32 (W', b') of Conv `conv_name` with BatchNormalization `bn_name` folded in."""
    weight = weights[f"{conv_name}.weight"].double()
    bias = weights.tensors.get(f"{conv_name}.bias")
    bias = torch.zeros(weight.shape[0], dtype=torch.float64) if bias is None else bias.double()
    epsilon = weights.attributes(weights.consumer("BatchNormalization", f"{bn_name}.weight")).get("epsilon", 1e-5)
    gamma, beta = weights[f"{bn_name}.weight"].double(), weights[f"{bn_name}.bias"].double()
    mean, variance = weights[f"{bn_name}.running_mean"].double(), weights[f"{bn_name}.running_var"].double()
    factor = gamma / torch.sqrt(variance + epsilon)
    folded_weight = weight * factor.reshape(-1, *([1] * (weight.dim() - 1)))
    return folded_weight.float(), ((bias - mean) * factor + beta).float()


def quantize_weight(weight, bits):
    """Symmetric narrow-range per-output-channel fake quantization (float64 arithmetic)."""
    if bits is None:
        return weight
    qmax = 2 ** (bits - 1) - 1
    values = weight.double()
    max_abs = values.abs().flatten(1).max(1).values
    scale = torch.where(max_abs > 0, max_abs / qmax, torch.ones_like(max_abs))
    scale = scale.reshape(-1, *([1] * (weight.dim() - 1)))
    codes = torch.clamp(torch.round(values / scale), -qmax, qmax)
    return (codes * scale).float()


class Layer:
    """One Conv or Gemm with its (folded, quantized) weight, float bias and geometry."""

    def __init__(self, weights, name, bits, bn_name=None):
        if bn_name is None:
            weight, bias = weights[f"{name}.weight"], weights.tensors.get(f"{name}.bias")
        else:
            weight, bias = fold_batch_norm(weights, name, bn_name)
        self.weight = quantize_weight(weight, bits)
        self.bias = bias
        if weight.dim() == 4:
            attributes = weights.attributes(weights.consumer("Conv", f"{name}.weight"))
            pads = attributes.get("pads", [0, 0, 0, 0])
            if pads[:2] != pads[2:]:
                raise ValueError(f"{weights.path}: Conv {name} has asymmetric pads {pads}.")
            self.stride = attributes.get("strides", [1, 1])
            self.padding = pads[:2]
            self.groups = attributes.get("group", 1)
        else:
            attributes = weights.attributes(weights.consumer("Gemm", f"{name}.weight"))
            if attributes.get("transB", 0) != 1 or attributes.get("alpha", 1.0) != 1.0 or attributes.get("beta", 1.0) != 1.0:
                raise ValueError(f"{weights.path}: Gemm {name} is not a plain Linear layer: {attributes}.")

    def __call__(self, x):
        if self.weight.dim() == 4:
            return F.conv2d(x, self.weight, self.bias, self.stride, self.padding, 1, self.groups)
        return F.linear(x, self.weight, self.bias)


class ActivationQuantizers:
    """Activation quantization points, in the order the forward pass meets them. In calibration
    mode they record min/max and pass floats through; once frozen they fake-quantize."""

    def __init__(self, bits):
        self.bits = bits
        self.observed = {}
        self.locations = {}
        self.parameters = None

    def __call__(self, tensor, location, x):
        if self.bits is None:
            return x
        if self.parameters is None:
            low, high = x.min().item(), x.max().item()
            if tensor in self.observed:
                low, high = min(low, self.observed[tensor][0]), max(high, self.observed[tensor][1])
            self.observed[tensor] = (low, high)
            self.locations[tensor] = location
            return x
        scale, zero_point = self.parameters[tensor]
        levels = 2 ** self.bits - 1
        codes = torch.clamp(torch.round(x.double() / scale) + zero_point, 0, levels)
        return ((codes - zero_point) * scale).float()

    def freeze(self):
        levels = 2 ** self.bits - 1
        self.parameters = {}
        for tensor, (observed_min, observed_max) in self.observed.items():
            low, high = min(0.0, observed_min), max(0.0, observed_max)
            scale = (high - low) / levels if high != low else 1.0
            # Python's round() on a float is round-half-to-even, like torch.round.
            zero_point = min(max(round(-low / scale), 0), levels)
            self.parameters[tensor] = (scale, zero_point)

    def report(self):
        return [
            {"tensor": tensor, "location": self.locations[tensor], "min": low, "max": high,
             "scale": self.parameters[tensor][0], "zeroPoint": self.parameters[tensor][1]}
            for tensor, (low, high) in self.observed.items()
        ]


def build_mlp(weights, bits):
    fc1, fc2, fc3 = (Layer(weights, name, bits) for name in ("fc1", "fc2", "fc3"))

    def forward(x, q):
        x = q("input", "graph input", x)
        x = torch.flatten(x, 1)
        x = q("/Relu_output_0", "fc1 Gemm+Relu", F.relu(fc1(x)))
        x = q("/Relu_1_output_0", "fc2 Gemm+Relu", F.relu(fc2(x)))
        return q("logits", "fc3 Gemm (logits)", fc3(x))

    return forward


def build_lenet5(weights, bits):
    conv1, conv2, fc1, fc2, fc3 = (Layer(weights, name, bits) for name in ("conv1", "conv2", "fc1", "fc2", "fc3"))

    def forward(x, q):
        x = q("input", "graph input", x)
        x = F.max_pool2d(q("/Relu_output_0", "conv1 Conv+Relu", F.relu(conv1(x))), 2)
        x = F.max_pool2d(q("/Relu_1_output_0", "conv2 Conv+Relu", F.relu(conv2(x))), 2)
        x = torch.flatten(x, 1)
        x = q("/Relu_2_output_0", "fc1 Gemm+Relu", F.relu(fc1(x)))
        x = q("/Relu_3_output_0", "fc2 Gemm+Relu", F.relu(fc2(x)))
        return q("logits", "fc3 Gemm (logits)", fc3(x))

    return forward


def build_rescnn(weights, bits):
    def conv_bn(name):
        return Layer(weights, f"{name}.conv", bits, bn_name=f"{name}.bn")

    stem = conv_bn("stem")
    blocks = [(block, {part: conv_bn(f"{block}.{part}") for part in ("expand", "depthwise", "pointwise", "shortcut")})
              for block in ("block1", "block2")]
    fc = Layer(weights, "fc", bits)

    def forward(x, q):
        x = q("input", "graph input", x)
        x = q("/Relu_output_0", "stem Conv+BN+Relu", F.relu(stem(x)))
        for block, layer in blocks:
            y = q(f"/{block}/Relu_output_0", f"{block}.expand Conv+BN+Relu", F.relu(layer["expand"](x)))
            y = q(f"/{block}/Relu_1_output_0", f"{block}.depthwise Conv+BN+Relu", F.relu(layer["depthwise"](y)))
            y = q(f"/{block}/pointwise/bn/BatchNormalization_output_0", f"{block}.pointwise Conv+BN",
                  layer["pointwise"](y))
            shortcut = q(f"/{block}/shortcut/bn/BatchNormalization_output_0", f"{block}.shortcut Conv+BN",
                         layer["shortcut"](x))
            x = q(f"/{block}/Relu_2_output_0", f"{block} Add+Relu", F.relu(y + shortcut))
        x = q("/pool/GlobalAveragePool_output_0", "GlobalAveragePool", x.mean((2, 3), keepdim=True))
        return q("logits", "fc Gemm (logits)", fc(torch.flatten(x, 1)))

    return forward


def build_mnist_cnn(weights, bits):
    mean = weights[weights.consumer("Sub", "input").input[1]]
    std = weights[weights.consumer("Div", "/Sub_output_0").input[1]]
    conv1, conv2, fc1, fc2 = (Layer(weights, name, bits) for name in ("conv1", "conv2", "fc1", "fc2"))

    def forward(x, q):
        x = q("input", "graph input", x)
        x = q("/Div_output_0", "input normalization Sub+Div", (x - mean) / std)
        x = F.max_pool2d(q("/Relu_output_0", "conv1 Conv+Relu", F.relu(conv1(x))), 2)
        x = F.max_pool2d(q("/Relu_1_output_0", "conv2 Conv+Relu", F.relu(conv2(x))), 2)
        x = q("/Relu_2_output_0", "fc1 Gemm+Relu", F.relu(fc1(torch.flatten(x, 1))))
        return q("logits", "fc2 Gemm (logits)", fc2(x))

    return forward


MODELS = {
    "fmnist-mlp": ("fashion-mnist", build_mlp),
    "fmnist-lenet5": ("fashion-mnist", build_lenet5),
    "fmnist-rescnn": ("fashion-mnist", build_rescnn),
    "mnist-cnn": ("mnist", build_mnist_cnn),
}


@torch.no_grad()
def predict(forward, quantizers, images):
    return torch.cat([forward(images[i:i + 1000], quantizers).argmax(1) for i in range(0, len(images), 1000)])


@torch.no_grad()
def evaluate(weights, build, weight_bits, activation_bits, calib_images, test_images, test_labels):
    forward = build(weights, weight_bits)
    quantizers = ActivationQuantizers(activation_bits)
    forward(calib_images[:CALIBRATION_SAMPLES], quantizers)
    for tensor in quantizers.observed:
        weights.require_value(tensor)
    if activation_bits is not None:
        quantizers.freeze()
    predictions = predict(forward, quantizers, test_images)
    result = {
        "accuracy": (predictions == test_labels).double().mean().item(),
        "samples": len(test_labels),
    }
    if activation_bits is not None:
        result["activations"] = quantizers.report()
    result["predictions"] = predictions[:PREDICTIONS_KEPT].tolist()
    return result


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def compact_integer_arrays(text):
    """json.dumps(indent=2) puts every prediction on its own line; keep integer arrays on one."""
    return re.sub(r"\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]", lambda match: "[" + re.sub(r"\s+", "", match.group(1)) + "]", text)


def main():
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    report = {
        "generator": "scripts/quantized-reference.py",
        "torchVersion": torch.__version__,
        "calibration": {"split": "calib", "samples": CALIBRATION_SAMPLES, "method": "minmax"},
        "weightQuantizer": "symmetric narrow-range, per output channel",
        "activationQuantizer": "asymmetric per tensor",
        "models": {},
    }
    splits = {}
    for name, (dataset, build) in MODELS.items():
        if dataset not in splits:
            splits[dataset] = {split: load_split(dataset, split) for split in ("calib", "test")}
        calib_images, _ = splits[dataset]["calib"]
        test_images, test_labels = splits[dataset]["test"]
        path = os.path.join(ROOT, "assets", "models", f"{name}.onnx")
        weights = OnnxWeights(path)
        entry = {
            "model": os.path.relpath(path, ROOT),
            "modelSha256": sha256(path),
            "dataset": dataset,
            "float": evaluate(weights, build, None, None, calib_images, test_images, test_labels),
            "configs": {},
        }
        print(f"{name} float (BN folded): {entry['float']['accuracy']:.4f}", flush=True)
        for config, (weight_bits, activation_bits) in CONFIGS.items():
            result = evaluate(weights, build, weight_bits, activation_bits, calib_images, test_images, test_labels)
            entry["configs"][config] = {"weightBits": weight_bits, "activationBits": activation_bits,
                                        "weightGranularity": "channel", **result}
            print(f"{name} {config}: {result['accuracy']:.4f}", flush=True)
        report["models"][name] = entry
    os.makedirs(os.path.dirname(OUTPUT_PATH), exist_ok=True)
    with open(OUTPUT_PATH, "w") as handle:
        handle.write(compact_integer_arrays(json.dumps(report, indent=2)) + "\n")


if __name__ == "__main__":
    sys.exit(main())
