using ActorNet.Gpu;

namespace ActorNet.Training.Internal;

/// <summary>Which device a worker's net runs on: the trainer's choice, else the worker node's configuration.</summary>
internal static class WorkerDevice
{
    /// <summary>The configuration key (HOCON <c>actornet.gpu.device</c>) a worker node reads when the trainer names no device.</summary>
    public const string ConfigKey = "actornet:gpu:device";

    /// <summary>
    /// The device for worker <paramref name="worker"/>: <paramref name="chosen"/> (the trainer's WithDevice) or the node's
    /// <c>actornet.gpu.device</c>; <c>cuda</c> becomes the worker's own GPU (worker index modulo the GPUs of its machine).
    /// </summary>
    public static ComputeDevice Resolve(string? chosen, Microsoft.Extensions.Configuration.IConfiguration? nodeConfig, int worker)
    {
        string text = chosen ?? (nodeConfig?[ConfigKey] is { Length: > 0 } configured ? configured : "cpu");
        ComputeDevice device;
        try
        {
            device = ComputeDevice.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{(chosen is null ? "actornet.gpu.device" : "the trainer's device")}: {e.Message}", e);
        }
        device = device.ForWorker(worker);
        device.EnsureAvailable();
        return device;
    }
}
