namespace ActorNet.Gpu;

/// <summary>Forward, backward and parameter update of a <see cref="Net"/>.</summary>
public sealed partial class Net
{
    /// <summary>Runs every layer forward and returns the summed weighted loss.</summary>
    public float Forward()
    {
        double loss = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            layers[i].Forward(bottoms[i], tops[i]);
            var weights = layers[i].LossWeights;
            for (int t = 0; t < weights.Length; t++)
            {
                if (weights[t] != 0f)
                {
                    var top = tops[i][t];
                    backend.Set(top.Count, weights[t], top.Diff, 0);
                    loss += backend.Dot(top.Count, top.Data, 0, top.Diff, 0);
                }
            }
        }
        return (float)loss;
    }

    /// <summary>Re-infers every layer's top shapes, e.g. after an input blob was reshaped.</summary>
    public void Reshape()
    {
        for (int i = 0; i < layers.Count; i++)
        {
            layers[i].Reshape(bottoms[i], tops[i]);
        }
    }

    /// <summary>
    /// Back-propagates from the losses to every layer that needs it. Parameter gradients accumulate into
    /// the blobs' diffs; call <see cref="ClearParamDiffs"/> first to start from zero.
    /// </summary>
    public void Backward()
    {
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            if (layerNeedBackward[i])
            {
                layers[i].Backward(tops[i], bottomNeedBackward[i], bottoms[i]);
            }
        }
    }

    /// <summary>Forward then backward; returns the loss.</summary>
    public float ForwardBackward()
    {
        float loss = Forward();
        Backward();
        return loss;
    }

    /// <summary>Sets every learned parameter's gradient to zero.</summary>
    public void ClearParamDiffs()
    {
        foreach (var p in learnable)
        {
            backend.Set(p.Blob.Count, 0f, p.Blob.Diff, 0);
        }
    }

    /// <summary>Applies data -= diff to every learned parameter (Caffe's Net::Update).</summary>
    public void Update()
    {
        foreach (var p in learnable)
        {
            backend.Axpy(p.Blob.Count, -1f, p.Blob.Diff, 0, p.Blob.Data, 0);
        }
    }

    /// <summary>Runs layer <paramref name="index"/> alone forward (for per-layer timing).</summary>
    internal void ForwardLayer(int index) => layers[index].Forward(bottoms[index], tops[index]);

    /// <summary>Runs layer <paramref name="index"/> alone backward if it needs it (for per-layer timing).</summary>
    internal void BackwardLayer(int index)
    {
        if (layerNeedBackward[index])
        {
            layers[index].Backward(tops[index], bottomNeedBackward[index], bottoms[index]);
        }
    }
}
