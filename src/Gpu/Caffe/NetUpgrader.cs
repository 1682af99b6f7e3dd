using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorNet.Gpu;

/// <summary>
/// Brings old-style net definitions to the current layout, as Caffe's upgrade_proto does on load:
/// legacy <c>layers</c> (V1LayerParameter, types as enums, <c>blobs_lr</c>/<c>weight_decay</c>)
/// become <c>layer</c> entries; the deprecated <c>input</c>/<c>input_shape</c>/<c>input_dim</c>
/// fields become an Input layer; pre-processing given in data_param/image_data_param moves to
/// transform_param. Works on prototxt and on binary .caffemodel nets alike.
/// </summary>
internal static class NetUpgrader
{
    // Caffe's registered type name for each V1 enum value.
    private static readonly Dictionary<V1LayerParameter.Types.LayerType, string> V1TypeNames = new()
    {
        [V1LayerParameter.Types.LayerType.Absval] = "AbsVal",
        [V1LayerParameter.Types.LayerType.Accuracy] = "Accuracy",
        [V1LayerParameter.Types.LayerType.Argmax] = "ArgMax",
        [V1LayerParameter.Types.LayerType.Bnll] = "BNLL",
        [V1LayerParameter.Types.LayerType.Concat] = "Concat",
        [V1LayerParameter.Types.LayerType.ContrastiveLoss] = "ContrastiveLoss",
        [V1LayerParameter.Types.LayerType.Convolution] = "Convolution",
        [V1LayerParameter.Types.LayerType.Deconvolution] = "Deconvolution",
        [V1LayerParameter.Types.LayerType.Data] = "Data",
        [V1LayerParameter.Types.LayerType.Dropout] = "Dropout",
        [V1LayerParameter.Types.LayerType.DummyData] = "DummyData",
        [V1LayerParameter.Types.LayerType.EuclideanLoss] = "EuclideanLoss",
        [V1LayerParameter.Types.LayerType.Eltwise] = "Eltwise",
        [V1LayerParameter.Types.LayerType.Exp] = "Exp",
        [V1LayerParameter.Types.LayerType.Flatten] = "Flatten",
        [V1LayerParameter.Types.LayerType.Hdf5Data] = "HDF5Data",
        [V1LayerParameter.Types.LayerType.Hdf5Output] = "HDF5Output",
        [V1LayerParameter.Types.LayerType.HingeLoss] = "HingeLoss",
        [V1LayerParameter.Types.LayerType.Im2Col] = "Im2col",
        [V1LayerParameter.Types.LayerType.ImageData] = "ImageData",
        [V1LayerParameter.Types.LayerType.InfogainLoss] = "InfogainLoss",
        [V1LayerParameter.Types.LayerType.InnerProduct] = "InnerProduct",
        [V1LayerParameter.Types.LayerType.Lrn] = "LRN",
        [V1LayerParameter.Types.LayerType.MemoryData] = "MemoryData",
        [V1LayerParameter.Types.LayerType.MultinomialLogisticLoss] = "MultinomialLogisticLoss",
        [V1LayerParameter.Types.LayerType.Mvn] = "MVN",
        [V1LayerParameter.Types.LayerType.Pooling] = "Pooling",
        [V1LayerParameter.Types.LayerType.Power] = "Power",
        [V1LayerParameter.Types.LayerType.Relu] = "ReLU",
        [V1LayerParameter.Types.LayerType.Sigmoid] = "Sigmoid",
        [V1LayerParameter.Types.LayerType.SigmoidCrossEntropyLoss] = "SigmoidCrossEntropyLoss",
        [V1LayerParameter.Types.LayerType.Silence] = "Silence",
        [V1LayerParameter.Types.LayerType.Softmax] = "Softmax",
        [V1LayerParameter.Types.LayerType.SoftmaxLoss] = "SoftmaxWithLoss",
        [V1LayerParameter.Types.LayerType.Split] = "Split",
        [V1LayerParameter.Types.LayerType.Slice] = "Slice",
        [V1LayerParameter.Types.LayerType.Tanh] = "TanH",
        [V1LayerParameter.Types.LayerType.WindowData] = "WindowData",
        [V1LayerParameter.Types.LayerType.Threshold] = "Threshold",
    };

    /// <summary>Upgrades <paramref name="net"/> in place; <paramref name="positions"/> (may be empty) locates errors.</summary>
    public static void Upgrade(NetParameter net, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions, ICollection<string> warnings)
    {
        if (net.Layers.Count > 0)
        {
            if (net.Layer.Count > 0)
                throw Located(net, positions, "the net uses both 'layer' and the legacy 'layers'; use one of them");
            foreach (V1LayerParameter v1 in net.Layers)
            {
                LayerParameter layer = UpgradeV1(v1, positions);
                net.Layer.Add(layer);
            }
            net.Layers.Clear();
            warnings.Add("the net uses the legacy V1 'layers' format; it was upgraded to 'layer'");
        }
        UpgradeInputFields(net, positions);
        foreach (LayerParameter layer in net.Layer) UpgradeDataTransform(layer);
    }

    private static PrototxtException Located(IMessage at, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions, string problem) =>
        positions.TryGetValue(at, out var p) ? new PrototxtException(problem, p.Line, p.Column) : new PrototxtException(problem);

    private static LayerParameter UpgradeV1(V1LayerParameter v1, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions)
    {
        if (v1.Layer is not null)
            throw Located(v1, positions, $"layer '{v1.Name}' uses the V0 layer format (a nested 'layer' inside 'layers'), which ActorNet does not read; upgrade it with Caffe's upgrade_net_proto_text");
        if (!v1.HasType || !V1TypeNames.TryGetValue(v1.Type, out string? typeName))
            throw Located(v1, positions, $"legacy layer '{v1.Name}' has no known type ({(v1.HasType ? v1.Type.ToString() : "type missing")})");

        var layer = new LayerParameter { Name = v1.Name, Type = typeName };
        layer.Bottom.AddRange(v1.Bottom);
        layer.Top.AddRange(v1.Top);
        layer.Include.AddRange(v1.Include);
        layer.Exclude.AddRange(v1.Exclude);
        layer.Blobs.AddRange(v1.Blobs);
        layer.LossWeight.AddRange(v1.LossWeight);

        int specs = new[] { v1.Param.Count, v1.BlobShareMode.Count, v1.BlobsLr.Count, v1.WeightDecay.Count }.Max();
        for (int i = 0; i < specs; i++)
        {
            var spec = new ParamSpec();
            if (i < v1.Param.Count && v1.Param[i].Length > 0) spec.Name = v1.Param[i];
            if (i < v1.BlobShareMode.Count) spec.ShareMode = (ParamSpec.Types.DimCheckMode)(int)v1.BlobShareMode[i];
            if (i < v1.BlobsLr.Count) spec.LrMult = v1.BlobsLr[i];
            if (i < v1.WeightDecay.Count) spec.DecayMult = v1.WeightDecay[i];
            layer.Param.Add(spec);
        }

        // The *_param fields carry the same message types under the same names in both layouts.
        MessageDescriptor target = LayerParameter.Descriptor;
        foreach (FieldDescriptor field in V1LayerParameter.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType != FieldType.Message || field.IsRepeated || !field.Name.EndsWith("_param", StringComparison.Ordinal)) continue;
            if (field.Accessor.GetValue(v1) is not IMessage value) continue;
            FieldDescriptor? same = target.FindFieldByName(field.Name);
            if (same is null) throw Located(v1, positions, $"legacy layer '{v1.Name}': {field.Name} has no counterpart in LayerParameter");
            same.Accessor.SetValue(layer, value);
        }
        return layer;
    }

    private static void UpgradeInputFields(NetParameter net, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions)
    {
        if (net.Input.Count == 0)
        {
            if (net.InputShape.Count > 0 || net.InputDim.Count > 0)
                throw Located(net, positions, "'input_shape'/'input_dim' are given without any 'input'");
            return;
        }
        var layer = new LayerParameter { Name = "input", Type = "Input", InputParam = new InputParameter() };
        layer.Top.AddRange(net.Input);
        if (net.InputShape.Count > 0)
        {
            if (net.InputDim.Count > 0) throw Located(net, positions, "give either 'input_shape' or 'input_dim', not both");
            if (net.InputShape.Count != net.Input.Count)
                throw Located(net, positions, $"{net.Input.Count} 'input' names but {net.InputShape.Count} 'input_shape' entries");
            layer.InputParam.Shape.AddRange(net.InputShape);
        }
        else if (net.InputDim.Count > 0)
        {
            if (net.InputDim.Count != 4 * net.Input.Count)
                throw Located(net, positions, $"'input_dim' needs 4 values (N, C, H, W) per input: {net.Input.Count} inputs but {net.InputDim.Count} values");
            for (int i = 0; i < net.Input.Count; i++)
            {
                var shape = new BlobShape();
                for (int d = 0; d < 4; d++) shape.Dim.Add(net.InputDim[4 * i + d]);
                layer.InputParam.Shape.Add(shape);
            }
        }
        else throw Located(net, positions, "'input' is given without 'input_shape' or 'input_dim'");
        net.Layer.Insert(0, layer);
        net.Input.Clear();
        net.InputShape.Clear();
        net.InputDim.Clear();
    }

    // Old data layers carried scale/mean_file/crop_size/mirror themselves; Caffe moved them to transform_param.
    private static void UpgradeDataTransform(LayerParameter layer)
    {
        if (layer.DataParam is { } data && (data.HasScale || data.HasMeanFile || data.HasCropSize || data.HasMirror))
        {
            TransformationParameter t = layer.TransformParam ??= new TransformationParameter();
            if (data.HasScale) t.Scale = data.Scale;
            if (data.HasMeanFile) t.MeanFile = data.MeanFile;
            if (data.HasCropSize) t.CropSize = data.CropSize;
            if (data.HasMirror) t.Mirror = data.Mirror;
            data.ClearScale();
            data.ClearMeanFile();
            data.ClearCropSize();
            data.ClearMirror();
        }
        if (layer.ImageDataParam is { } image && (image.HasScale || image.HasMeanFile || image.HasCropSize || image.HasMirror))
        {
            TransformationParameter t = layer.TransformParam ??= new TransformationParameter();
            if (image.HasScale) t.Scale = image.Scale;
            if (image.HasMeanFile) t.MeanFile = image.MeanFile;
            if (image.HasCropSize) t.CropSize = image.CropSize;
            if (image.HasMirror) t.Mirror = image.Mirror;
            image.ClearScale();
            image.ClearMeanFile();
            image.ClearCropSize();
            image.ClearMirror();
        }
    }
}
