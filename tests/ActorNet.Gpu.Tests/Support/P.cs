namespace ActorNet.Gpu.Tests.Support;

/// <summary>Terse builders of Caffe layer parameters for tests.</summary>
internal static class P
{
    public static LayerParameter Layer(string type, string name = "l", string[]? bottom = null, string[]? top = null)
    {
        var p = new LayerParameter { Name = name, Type = type };
        p.Bottom.AddRange(bottom ?? Array.Empty<string>());
        p.Top.AddRange(top ?? Array.Empty<string>());
        return p;
    }

    public static FillerParameter Gaussian(float std) => new() { Type = "gaussian", Std = std };

    public static FillerParameter Xavier() => new() { Type = "xavier" };

    public static FillerParameter Constant(float value) => new() { Type = "constant", Value = value };

    public static LayerParameter Conv(string name, string bottom, string top, int output, int kernel, int stride = 1, int pad = 0, int group = 1)
    {
        var p = Layer("Convolution", name, new[] { bottom }, new[] { top });
        p.ConvolutionParam = new ConvolutionParameter { NumOutput = (uint)output, Group = (uint)group, WeightFiller = Gaussian(0.1f), BiasFiller = Gaussian(0.1f) };
        p.ConvolutionParam.KernelSize.Add((uint)kernel);
        if (stride != 1)
        {
            p.ConvolutionParam.Stride.Add((uint)stride);
        }
        if (pad != 0)
        {
            p.ConvolutionParam.Pad.Add((uint)pad);
        }
        return p;
    }

    public static LayerParameter Pool(string name, string bottom, string top, PoolingParameter.Types.PoolMethod method, int kernel, int stride, int pad = 0)
    {
        var p = Layer("Pooling", name, new[] { bottom }, new[] { top });
        p.PoolingParam = new PoolingParameter { Pool = method, KernelSize = (uint)kernel, Stride = (uint)stride, Pad = (uint)pad };
        return p;
    }

    public static LayerParameter Ip(string name, string bottom, string top, int output)
    {
        var p = Layer("InnerProduct", name, new[] { bottom }, new[] { top });
        p.InnerProductParam = new InnerProductParameter { NumOutput = (uint)output, WeightFiller = Gaussian(0.1f), BiasFiller = Gaussian(0.1f) };
        return p;
    }

    public static LayerParameter Input(string top, params int[] shape)
    {
        var p = Layer("Input", top, top: new[] { top });
        var s = new BlobShape();
        s.Dim.AddRange(shape.Select(d => (long)d));
        p.InputParam = new InputParameter();
        p.InputParam.Shape.Add(s);
        return p;
    }

    public static LayerParameter Neuron(string type, string name, string bottom, string top) =>
        Layer(type, name, new[] { bottom }, new[] { top });
}
