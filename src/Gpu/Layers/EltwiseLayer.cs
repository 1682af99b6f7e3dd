namespace ActorNet.Gpu.Layers;

/// <summary>Elementwise PROD, SUM (with per-bottom coeff) or MAX of bottoms of one shape.</summary>
internal sealed class EltwiseLayer : Layer
{
    private EltwiseParameter.Types.EltwiseOp op;
    private float[] coeffs = Array.Empty<float>();
    private Blob? mask;

    public EltwiseLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int MinBottoms => 2;

    public override int ExactTops => 1;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var p = Param.EltwiseParam ?? new EltwiseParameter();
        op = p.Operation;
        if (p.Coeff.Count > 0 && (op != EltwiseParameter.Types.EltwiseOp.Sum || p.Coeff.Count != bottom.Count))
        {
            throw Error($"has {p.Coeff.Count} coeff values; coefficients need operation SUM and one per bottom ({bottom.Count})");
        }
        coeffs = p.Coeff.Count > 0 ? p.Coeff.ToArray() : Enumerable.Repeat(1f, bottom.Count).ToArray();
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        foreach (var b in bottom)
        {
            if (ReferenceEquals(b, top[0]))
            {
                throw Error("cannot run in place");
            }
            if (!b.Shape.AsSpan().SequenceEqual(bottom[0].Shape))
            {
                throw Error($"needs bottoms of one shape ({bottom[0].ShapeString} vs {b.ShapeString})");
            }
        }
        top[0].ReshapeLike(bottom[0]);
        if (op == EltwiseParameter.Types.EltwiseOp.Max)
        {
            mask ??= NewBlob();
            mask.ReshapeLike(bottom[0]);
        }
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        int n = top[0].Count;
        var y = top[0].Data;
        switch (op)
        {
            case EltwiseParameter.Types.EltwiseOp.Prod:
                Backend.Mul(n, bottom[0].Data, 0, bottom[1].Data, 0, y, 0);
                for (int i = 2; i < bottom.Count; i++)
                {
                    Backend.Mul(n, y, 0, bottom[i].Data, 0, y, 0);
                }
                break;
            case EltwiseParameter.Types.EltwiseOp.Sum:
                Backend.Set(n, 0f, y, 0);
                for (int i = 0; i < bottom.Count; i++)
                {
                    Backend.Axpy(n, coeffs[i], bottom[i].Data, 0, y, 0);
                }
                break;
            default:
                for (int i = 0; i < bottom.Count; i++)
                {
                    Backend.EltwiseMax(n, i, bottom[i].Data, y, mask!.Data);
                }
                break;
        }
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        int n = top[0].Count;
        for (int i = 0; i < bottom.Count; i++)
        {
            if (!propagateDown[i])
            {
                continue;
            }
            var dx = bottom[i].Diff;
            switch (op)
            {
                case EltwiseParameter.Types.EltwiseOp.Prod:
                    // The product of the other inputs (Caffe's stable_prod_grad), never top / x_i.
                    Backend.Copy(n, top[0].Diff, 0, dx, 0);
                    for (int j = 0; j < bottom.Count; j++)
                    {
                        if (j != i)
                        {
                            Backend.Mul(n, dx, 0, bottom[j].Data, 0, dx, 0);
                        }
                    }
                    break;
                case EltwiseParameter.Types.EltwiseOp.Sum:
                    Backend.Copy(n, top[0].Diff, 0, dx, 0);
                    if (coeffs[i] != 1f)
                    {
                        Backend.Scale(n, coeffs[i], dx, 0);
                    }
                    break;
                default:
                    Backend.EltwiseMaxBackward(n, i, top[0].Diff, mask!.Data, dx);
                    break;
            }
        }
    }
}
