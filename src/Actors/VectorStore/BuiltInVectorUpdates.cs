using System.Numerics;
using System.Runtime.InteropServices;

namespace ActorNet.VectorStore;

/// <summary>The update rules every <see cref="VectorUpdateRegistry"/> knows: <c>add</c>, <c>assign</c>, <c>sgd(lr)</c>, <c>momentum(mu)</c>.</summary>
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

    /// <summary>
    /// <c>momentum(mu)</c>: Caffe's SGD step with the learning rate already in the delta (the client sends
    /// lr · (gradient + decay · weight)): history = mu · history + delta; value −= history.
    /// </summary>
    public sealed class Momentum(float momentum) : IStatefulVectorUpdate
    {
        public float Mu { get; } = momentum;

        // Without its history the rule is plain SGD with the delta as the step.
        public void Apply(Span<float> value, ReadOnlySpan<float> delta) => ScaledAdd(value, delta, -1f);

        public void Apply(Span<float> value, ReadOnlySpan<float> delta, Span<float> state)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated && value.Length >= Vector<float>.Count)
            {
                var values = MemoryMarshal.Cast<float, Vector<float>>(value);
                var deltas = MemoryMarshal.Cast<float, Vector<float>>(delta);
                var history = MemoryMarshal.Cast<float, Vector<float>>(state);
                var mu = new Vector<float>(Mu);
                for (int v = 0; v < values.Length; v++)
                {
                    history[v] = history[v] * mu + deltas[v];
                    values[v] -= history[v];
                }
                i = values.Length * Vector<float>.Count;
            }
            for (; i < value.Length; i++)
            {
                state[i] = state[i] * Mu + delta[i];
                value[i] -= state[i];
            }
        }
    }

    /// <summary>value = (value + delta) · scale, vectorized: the last contribution of a step and the mean in one pass.</summary>
    internal static void AddThenScale(Span<float> value, ReadOnlySpan<float> delta, float scale)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && value.Length >= Vector<float>.Count)
        {
            var values = MemoryMarshal.Cast<float, Vector<float>>(value);
            var deltas = MemoryMarshal.Cast<float, Vector<float>>(delta);
            var s = new Vector<float>(scale);
            for (int v = 0; v < values.Length; v++) values[v] = (values[v] + deltas[v]) * s;
            i = values.Length * Vector<float>.Count;
        }
        for (; i < value.Length; i++) value[i] = (value[i] + delta[i]) * scale;
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
