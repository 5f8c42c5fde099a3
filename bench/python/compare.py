"""Markdown tables of GpuBench (Java) against gpt_twin.py (Python) from their RESULT lines.

Usage: python3 compare.py java.log py.log
"""
import sys


def results(path):
    with open(path, errors="replace") as log:
        return [dict(field.split("=", 1) for field in line.split()[1:]) for line in log if line.startswith("RESULT ")]


def ratio(java, python):
    return f"{float(java) / float(python):.2f}x"


def main(java_log, python_log):
    java, python = results(java_log), results(python_log)

    print("| matmul | Java TFLOP/s | Python TFLOP/s | Java/Python |")
    print("|---|---:|---:|---:|")
    for j, p in zip((r for r in java if r["kind"] == "matmul"), (r for r in python if r["kind"] == "matmul")):
        print(f"| {j['dtype']} {j['n']}³ on {j['device']} | {j['tflops']} | {p['tflops']} | "
              f"{ratio(j['tflops'], p['tflops'])} |")

    print()
    print("| shape | batch | params | Java tokens/s (ms/step) | Python tokens/s (ms/step) | Java/Python "
          "| MFU peak Java / Python | MFU matmul Java / Python | loss first→last Java / Python |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    trained = {(r["shape"], r["batch"]): r for r in python if r["kind"] == "train"}
    for j in (r for r in java if r["kind"] == "train"):
        p = trained.get((j["shape"], j["batch"]))
        if p is None:
            print(f"| {j['shape']} | {j['batch']} | {int(j['params']):,} | {float(j['tok_s']):,.0f} ({j['ms_step']}) "
                  "| missing | - | - | - | - |")
            continue
        print(f"| {j['shape']} | {j['batch']} | {int(j['params']):,} "
              f"| {float(j['tok_s']):,.0f} ({j['ms_step']}) | {float(p['tok_s']):,.0f} ({p['ms_step']}) "
              f"| **{ratio(j['tok_s'], p['tok_s'])}** "
              f"| {percent(j['mfu_peak'])} / {percent(p['mfu_peak'])} "
              f"| {percent(j['mfu_matmul'])} / {percent(p['mfu_matmul'])} "
              f"| {j['loss0']}→{j['lossN']} / {p['loss0']}→{p['lossN']} |")
    print()
    print(f"Java: {first_train(java, 'opt')}, amp {first_train(java, 'amp')}; "
          f"Python: {first_train(python, 'opt')}, amp {first_train(python, 'amp')}. "
          "MFU = 6 · params · tokens/s over the bf16 peak (--peak-tflops) or over the matmul rate each side measured.")


def percent(value):
    return "-" if value.lower() == "nan" else f"{100 * float(value):.1f}%"


def first_train(rows, field):
    return next((r[field] for r in rows if r["kind"] == "train"), "-")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    main(sys.argv[1], sys.argv[2])
