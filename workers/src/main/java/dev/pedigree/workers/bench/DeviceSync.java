package dev.pedigree.workers.bench;

import static org.bytedeco.pytorch.global.torch.cuda_synchronize;

import org.bytedeco.pytorch.Device;

/** Waits for the queued kernels of a device, so a wall-clock interval covers the work and not just its launch. */
final class DeviceSync {
  private DeviceSync() {}

  static void await(Device device) {
    if (device.is_cuda()) {
      cuda_synchronize();
    }
  }
}
