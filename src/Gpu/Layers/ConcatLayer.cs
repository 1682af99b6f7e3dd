namespace ActorNet.Gpu.Layers;

/// <summary>Concatenates bottoms along concat_param.axis (or the legacy concat_dim).</summary>
internal sealed class ConcatLayer : Layer
{
    private int axis, outer, inner;

    public ConcatLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int MinBottoms => 1;

    public override int ExactTops => 1;

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var p = Param.ConcatParam ?? new ConcatParameter();
        axis = bottom[0].CanonicalAxis(p.HasConcatDim && !p.HasAxis ? (int)p.ConcatDim : p.Axis);
        int[] shape = bottom[0].Shape;
        int total = 0;
        foreach (var b in bottom)
        {
            int[] s = b.Shape;
            if (s.Length != shape.Length)
            {
                throw Error($"needs bottoms with the same number of axes ({bottom[0].ShapeString} vs {b.ShapeString})");
            }
            for (int i = 0; i < s.Length; i++)
            {
                if (i != axis && s[i] != shape[i])
                {
                    throw Error($"needs bottoms equal outside axis {axis} ({bottom[0].ShapeString} vs {b.ShapeString})");
                }
            }
            total += s[axis];
        }
        shape[axis] = total;
        top[0].Reshape(shape);
        outer = bottom[0].CountRange(0, axis);
        inner = bottom[0].CountFrom(axis + 1);
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        int topAxis = top[0].ShapeAt(axis);
        int offset = 0;
        foreach (var b in bottom)
        {
            int block = b.ShapeAt(axis) * inner;
            for (int o = 0; o < outer; o++)
            {
                Backend.Copy(block, b.Data, o * block, top[0].Data, (o * topAxis + offset) * inner);
            }
            offset += b.ShapeAt(axis);
        }
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        int topAxis = top[0].ShapeAt(axis);
        int offset = 0;
        for (int i = 0; i < bottom.Count; i++)
        {
            var b = bottom[i];
            int block = b.ShapeAt(axis) * inner;
            if (propagateDown[i])
            {
                for (int o = 0; o < outer; o++)
                {
                    Backend.Copy(block, top[0].Diff, (o * topAxis + offset) * inner, b.Diff, o * block);
                }
            }
            offset += b.ShapeAt(axis);
        }
    }
}
