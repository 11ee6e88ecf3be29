#!/usr/bin/python3
"""Trains EdgeFront's demo models on CPU and exports them to assets/models/*.onnx.

Run with Debian's interpreter (it has python3-torch and python3-onnx):

    node scripts/make-demo-datasets.mjs && /usr/bin/python3 scripts/train-demo-models.py [--only NAME ...]

Every model takes `input` float32 [batch, 1, 28, 28] (pixels scaled by 1/255) and returns `logits`
[batch, 10]. Float test accuracy is measured twice: by PyTorch on the trained module, and by
onnxruntime-node on the exported file (through `node`, because Debian has no onnxruntime for Python).
A summary goes to build/demo-models-report.json; docs/models.md quotes it.
"""

import argparse
import gzip
import json
import math
import os
import struct
import subprocess
import sys
import time

import onnx
import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSET_DATASETS = os.path.join(ROOT, "assets", "datasets")
BUILD_DATASETS = os.path.join(ROOT, "build", "datasets")
MODELS_DIR = os.path.join(ROOT, "assets", "models")
REPORT_PATH = os.path.join(ROOT, "build", "demo-models-report.json")
CHECKPOINTS_DIR = os.path.join(ROOT, "build", "checkpoints")
OPSET = 13
SEED = 20240601

# The op vocabulary EdgeFront's importer is written against; anything else in an export is a bug here.
ALLOWED_OPS = {
    "Conv", "Gemm", "MatMul", "Add", "Relu", "MaxPool", "GlobalAveragePool", "BatchNormalization",
    "Flatten", "Reshape", "Sub", "Div", "Mul", "Constant", "Shape", "Gather", "Unsqueeze", "Concat",
}


def read_idx(path):
    """Reads a gzipped IDX file (MNIST format: big-endian magic, dims, then uint8 data)."""
    with gzip.open(path, "rb") as handle:
        raw = handle.read()
    magic, = struct.unpack(">I", raw[:4])
    dtype_code, ndim = magic >> 8, magic & 0xFF
    if dtype_code != 0x08:
        raise ValueError(f"{path}: IDX data type 0x{dtype_code:02x} is not uint8 (0x08).")
    dims = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    data = torch.frombuffer(bytearray(raw[4 + 4 * ndim:]), dtype=torch.uint8)
    if data.numel() != math.prod(dims):
        raise ValueError(f"{path}: header says {dims} but holds {data.numel()} bytes.")
    return data.reshape(dims)


def load_split(dataset, split):
    directory = BUILD_DATASETS if split == "train" else ASSET_DATASETS
    base = os.path.join(directory, dataset, split)
    images = read_idx(f"{base}-images-idx3-ubyte.gz").float().div_(255.0).unsqueeze(1)
    labels = read_idx(f"{base}-labels-idx1-ubyte.gz").long()
    return images, labels


def ensure_train_split():
    """The train split is not committed; rebuild it (deterministically) when it is missing."""
    needed = [os.path.join(BUILD_DATASETS, name, "train-images-idx3-ubyte.gz") for name in ("fashion-mnist", "mnist")]
    if not all(os.path.exists(path) for path in needed):
        subprocess.run(["node", os.path.join(ROOT, "scripts", "make-demo-datasets.mjs")], check=True)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.relu(self.fc1(self.flatten(x)))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


class LeNet5(nn.Module):
    """LeCun et al. 1998 layout with ReLU and max pooling instead of tanh and subsampling."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = self.flatten(x)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


class ConvBn(nn.Module):
    def __init__(self, cin, cout, kernel, stride=1, groups=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return self.bn(self.conv(x))


class ResidualBlock(nn.Module):
    """Strided conv, depthwise conv, pointwise conv on the main path; strided 1x1 conv shortcut."""

    def __init__(self, cin, cout):
        super().__init__()
        self.expand = ConvBn(cin, cout, 3, stride=2)
        self.depthwise = ConvBn(cout, cout, 3, groups=cout)
        self.pointwise = ConvBn(cout, cout, 1)
        self.shortcut = ConvBn(cin, cout, 1, stride=2)

    def forward(self, x):
        y = torch.relu(self.expand(x))
        y = torch.relu(self.depthwise(y))
        y = self.pointwise(y)
        return torch.relu(y + self.shortcut(x))


class ResCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = ConvBn(1, 16, 3)
        self.block1 = ResidualBlock(16, 32)
        self.block2 = ResidualBlock(32, 64)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.relu(self.stem(x))
        x = self.block2(self.block1(x))
        return self.fc(self.flatten(self.pool(x)))


class MnistCnn(nn.Module):
    """Starts with the usual MNIST normalization as graph arithmetic (Sub, Div), on purpose: it is
    EdgeFront's example of a standalone-arithmetic quantization point."""

    MEAN = 0.1307
    STD = 0.3081

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(32 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = (x - self.MEAN) / self.STD
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = torch.relu(self.fc1(self.flatten(x)))
        return self.fc2(x)


# Common small-CNN settings, not tuned on the test split (training progress is printed on the calibration split).
RECIPES = {
    "fmnist-mlp": dict(dataset="fashion-mnist", build=Mlp, epochs=12, lr=2e-3, weight_decay=1e-4, flip=False, shift=0),
    "fmnist-lenet5": dict(dataset="fashion-mnist", build=LeNet5, epochs=15, lr=3e-3, weight_decay=1e-4, flip=True, shift=0),
    "fmnist-rescnn": dict(dataset="fashion-mnist", build=ResCnn, epochs=15, lr=4e-3, weight_decay=5e-4, flip=True, shift=2),
    "mnist-cnn": dict(dataset="mnist", build=MnistCnn, epochs=25, lr=3e-3, weight_decay=1e-4, flip=False, shift=2),
}
BATCH_SIZE = 128


def augment(images, generator, flip, shift):
    """Random horizontal flip (clothes are left/right symmetric, digits are not) and a random
    translation by up to `shift` pixels with zero fill, each drawn per sample."""
    if flip:
        mask = torch.rand(images.shape[0], generator=generator) < 0.5
        images = torch.where(mask[:, None, None, None], images.flip(3), images)
    if shift:
        count, side = images.shape[0], images.shape[-1]
        padded = nn.functional.pad(images, (shift, shift, shift, shift))
        offsets = torch.randint(0, 2 * shift + 1, (2, count), generator=generator)
        rows = (offsets[0][:, None] + torch.arange(side))[:, :, None]
        cols = (offsets[1][:, None] + torch.arange(side))[:, None, :]
        images = padded[torch.arange(count)[:, None, None], 0, rows, cols].unsqueeze(1)
    return images


@torch.no_grad()
def predict(model, images):
    model.eval()
    return torch.cat([model(images[i:i + 1000]).argmax(1) for i in range(0, len(images), 1000)])


def train(name, recipe, splits):
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    model = recipe["build"]()
    train_x, train_y = splits["train"]
    calib_x, calib_y = splits["calib"]
    steps_per_epoch = math.ceil(len(train_x) / BATCH_SIZE)
    optimizer = torch.optim.AdamW(model.parameters(), lr=recipe["lr"], weight_decay=recipe["weight_decay"])
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=recipe["lr"], epochs=recipe["epochs"], steps_per_epoch=steps_per_epoch)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(recipe["epochs"]):
        started = time.time()
        model.train()
        order = torch.randperm(len(train_x), generator=generator)
        total_loss = 0.0
        for step in range(steps_per_epoch):
            batch = order[step * BATCH_SIZE:(step + 1) * BATCH_SIZE]
            images = augment(train_x[batch], generator, recipe["flip"], recipe["shift"])
            loss = loss_fn(model(images), train_y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total_loss += loss.item() * len(batch)
        calib_accuracy = (predict(model, calib_x) == calib_y).float().mean().item()
        print(f"{name} epoch {epoch + 1}/{recipe['epochs']}: loss {total_loss / len(train_x):.4f}, "
              f"calib acc {calib_accuracy:.4f}, {time.time() - started:.0f}s", flush=True)
    return model.eval()


def restore_shared_initializers(model):
    """Undoes the exporter's initializer deduplication. PyTorch 1.13 replaces an initializer whose
    contents equal another's by `Identity(other)`. In ResCnn that always hits the two BN biases
    feeding each residual Add: they start at 0 and only ever receive the same gradient (through the
    sum), so they stay bit-identical. Give each parameter its own initializer again, so the graph
    keeps one name per PyTorch parameter and uses no Identity op."""
    initializers = {init.name: init for init in model.graph.initializer}
    for node in list(model.graph.node):
        if node.op_type == "Identity" and node.input[0] in initializers:
            copy = onnx.TensorProto()
            copy.CopyFrom(initializers[node.input[0]])
            copy.name = node.output[0]
            model.graph.initializer.append(copy)
            model.graph.node.remove(node)


def export(model, path):
    # TrainingMode.PRESERVE on a model in eval mode exports inference-mode BatchNormalization but skips
    # the exporter's eval-mode peephole pass, which would otherwise fuse BN into the Conv; EdgeFront
    # folds BN itself and must see it. No constant folding, so the graph stays as the module wrote it.
    model.eval()
    torch.onnx.export(
        model, torch.zeros(1, 1, 28, 28), path,
        input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=OPSET, do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)
    graph = onnx.load(path)
    restore_shared_initializers(graph)
    onnx.save(graph, path)
    onnx.checker.check_model(graph, full_check=True)
    ops = sorted({node.op_type for node in graph.graph.node})
    unexpected = set(ops) - ALLOWED_OPS
    if unexpected:
        raise RuntimeError(f"{path}: exporter emitted ops outside EdgeFront's set: {sorted(unexpected)}")
    bn_modules = sum(isinstance(module, nn.BatchNorm2d) for module in model.modules())
    bn_nodes = [node for node in graph.graph.node if node.op_type == "BatchNormalization"]
    if len(bn_nodes) != bn_modules:
        raise RuntimeError(f"{path}: {bn_modules} BatchNorm modules but {len(bn_nodes)} BatchNormalization nodes.")
    # Five outputs would mean a training-mode BatchNormalization (batch statistics), not inference.
    if any(len(node.output) != 1 for node in bn_nodes):
        raise RuntimeError(f"{path}: a BatchNormalization node was exported in training mode.")
    return ops


# Runs the exported file with onnxruntime-node over the test split and prints the predictions.
ORT_CHECK = r"""
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import ort from 'onnxruntime-node';
const [modelPath, imagesPath] = process.argv.slice(1);
const raw = gunzipSync(readFileSync(imagesPath));
const count = raw.readUInt32BE(4);
const pixels = raw.subarray(16);
const session = await ort.InferenceSession.create(modelPath);
const predictions = [];
for (let start = 0; start < count; start += 1000) {
  const n = Math.min(1000, count - start);
  const input = new Float32Array(n * 784);
  for (let i = 0; i < input.length; i++) input[i] = pixels[start * 784 + i] / 255;
  const { logits } = await session.run({ input: new ort.Tensor('float32', input, [n, 1, 28, 28]) });
  for (let s = 0; s < n; s++) {
    const row = logits.data.subarray(s * 10, s * 10 + 10);
    predictions.push(row.indexOf(Math.max(...row)));
  }
}
process.stdout.write(JSON.stringify(predictions));
"""


def onnxruntime_predictions(model_path, dataset):
    images_path = os.path.join(ASSET_DATASETS, dataset, "test-images-idx3-ubyte.gz")
    result = subprocess.run(
        ["node", "--input-type=module", "-e", ORT_CHECK, model_path, images_path],
        cwd=ROOT, check=True, capture_output=True, text=True)
    return torch.tensor(json.loads(result.stdout))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=sorted(RECIPES), help="train only these models")
    parser.add_argument("--export-only", action="store_true",
                        help="skip training; export the weights saved in build/checkpoints/ by an earlier run")
    args = parser.parse_args()

    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    ensure_train_split()
    os.makedirs(MODELS_DIR, exist_ok=True)
    report = {}
    if os.path.exists(REPORT_PATH):
        with open(REPORT_PATH) as handle:
            report = json.load(handle)
    cache = {}
    for name in args.only or RECIPES:
        recipe = RECIPES[name]
        dataset = recipe["dataset"]
        if dataset not in cache:
            cache[dataset] = {split: load_split(dataset, split) for split in ("train", "calib", "test")}
        splits = cache[dataset]
        started = time.time()
        checkpoint = os.path.join(CHECKPOINTS_DIR, f"{name}.pt")
        if args.export_only:
            model = recipe["build"]()
            model.load_state_dict(torch.load(checkpoint))
        else:
            model = train(name, recipe, splits)
            os.makedirs(CHECKPOINTS_DIR, exist_ok=True)
            torch.save(model.state_dict(), checkpoint)
        seconds = time.time() - started
        test_x, test_y = splits["test"]
        torch_predictions = predict(model, test_x)
        path = os.path.join(MODELS_DIR, f"{name}.onnx")
        ops = export(model, path)
        ort_predictions = onnxruntime_predictions(path, dataset)
        report[name] = {
            "dataset": dataset,
            "parameters": sum(p.numel() for p in model.parameters()),
            "bytes": os.path.getsize(path),
            "opset": OPSET,
            "ops": ops,
            "trainSeconds": None if args.export_only else round(seconds),
            "testSamples": len(test_y),
            "torchAccuracy": (torch_predictions == test_y).double().mean().item(),
            "onnxruntimeAccuracy": (ort_predictions == test_y).double().mean().item(),
            "predictionMismatches": int((ort_predictions != torch_predictions).sum()),
            "torchVersion": torch.__version__,
        }
        print(json.dumps({name: report[name]}), flush=True)
        with open(REPORT_PATH, "w") as handle:
            json.dump(report, handle, indent=2)


if __name__ == "__main__":
    sys.exit(main())
