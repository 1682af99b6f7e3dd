namespace ActorNet.Gpu.Layers;

/// <summary>
/// Feeds one blob to several consumers (inserted by the net automatically): tops share the bottom's
/// data, and the bottom's gradient is the sum of the tops' gradients.
/// </summary>
internal sealed class SplitLayer : Layer
{
    public SplitLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int ExactBottoms => 1;

    public override int MinTops => 1;

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        foreach (var t in top)
        {
            if (ReferenceEquals(t, bottom[0]))
            {
                throw Error("cannot run in place");
            }
            t.ReshapeLike(bottom[0]);
            t.ShareData(bottom[0]);
        }
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (!propagateDown[0])
        {
            return;
        }
        int n = bottom[0].Count;
        Backend.Copy(n, top[0].Diff, 0, bottom[0].Diff, 0);
        for (int i = 1; i < top.Count; i++)
        {
            Backend.Axpy(n, 1f, top[i].Diff, 0, bottom[0].Diff, 0);
        }
    }
}
