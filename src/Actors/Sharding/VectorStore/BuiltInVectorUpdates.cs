using System.Numerics;
using System.Runtime.InteropServices;

namespace ActorNet.Actors.Sharding;

/// <summary>The update rules every <see cref="VectorUpdateRegistry"/> knows: <c>add</c>, <c>assign</c>, <c>sgd(lr)</c>.</summary>
internal static class BuiltInVectorUpdates
{
    /// <summary><c>add</c>: value += delta (gradient or weight-delta accumulation).</summary>
    public sealed class Add : IVectorUpdate
    {
        public void Apply(Span<float> value, ReadOnlySpan<float> delta) => ScaledAdd(value, delta, 1f);
    }

    /// <summary><c>assign</c>: value = delta.</summary>
    public sealed class Assign : IVectorUpdate
    {
        public void Apply(Span<float> value, ReadOnlySpan<float> delta) => delta.CopyTo(value);
    }

    /// <summary><c>sgd(lr)</c>: value −= lr · delta (the push carries a gradient).</summary>
    public sealed class Sgd(float learningRate) : IVectorUpdate
    {
        public float LearningRate { get; } = learningRate;

        public void Apply(Span<float> value, ReadOnlySpan<float> delta) => ScaledAdd(value, delta, -LearningRate);
    }

    /// <summary>value += scale · delta, vectorized.</summary>
    internal static void ScaledAdd(Span<float> value, ReadOnlySpan<float> delta, float scale)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && value.Length >= Vector<float>.Count)
        {
            var values = MemoryMarshal.Cast<float, Vector<float>>(value);
            var deltas = MemoryMarshal.Cast<float, Vector<float>>(delta);
            var s = new Vector<float>(scale);
            for (int v = 0; v < values.Length; v++) values[v] += deltas[v] * s;
            i = values.Length * Vector<float>.Count;
        }
        for (; i < value.Length; i++) value[i] += scale * delta[i];
    }
}
