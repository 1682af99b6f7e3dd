using ActorNet.Gpu.Backends;

namespace ActorNet.Gpu.Layers;

/// <summary>What the layers of one net share: the phase, the compute backend and a seeded random source.</summary>
internal sealed class LayerContext
{
    public LayerContext(Phase phase, IComputeBackend backend, int seed)
    {
        Phase = phase;
        Backend = backend;
        Random = new Random(seed);
    }

    /// <summary>TRAIN or TEST.</summary>
    public Phase Phase { get; }

    /// <summary>The backend running every kernel.</summary>
    public IComputeBackend Backend { get; }

    /// <summary>Random source for fillers and dropout masks (deterministic per seed).</summary>
    public Random Random { get; }
}
