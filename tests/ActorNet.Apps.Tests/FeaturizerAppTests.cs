using ActorNet.FeaturizerApp;
using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training;

namespace ActorNet.Apps.Tests;

/// <summary>
/// FeaturizerApp in this process (local[2]): a Caffe deploy net and .caffemodel over CIFAR-10 batches, written with
/// SaveAsObjectFile, with the mean image beside the model and a centre crop fitted to the net's input; and the errors a
/// user meets, each naming what is wrong. The run on worker processes is in ActorNet.Cluster.Tests.
/// </summary>
public sealed class FeaturizerAppTests
{
    // A deploy net for 3x28x28 crops of CIFAR's 32x32 images: the app must crop, subtract the mean and keep the order.
    private const string DeployNet = """
        name: "tiny-cifar"
        layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 4 dim: 3 dim: 28 dim: 28 } } }
        layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                convolution_param { num_output: 4 kernel_size: 7 stride: 7 weight_filler { type: "xavier" } bias_filler { type: "constant" value: 0.1 } } }
        layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" }
        layer { name: "ip" type: "InnerProduct" bottom: "conv" top: "ip" inner_product_param { num_output: 10 weight_filler { type: "xavier" } } }
        layer { name: "prob" type: "Softmax" bottom: "ip" top: "prob" }
        """;

    private static (string Net, string Model) WriteModel(TestFolder folder, bool withMean)
    {
        string net = folder["deploy.prototxt"], model = folder["model/weights.caffemodel"];
        File.WriteAllText(net, DeployNet);
        Directory.CreateDirectory(folder["model"]);
        new Net(ProtoLoader.ParseNetPrototxt(DeployNet), Phase.Test, 7).SaveCaffeModel(model);
        if (withMean)
        {
            var mean = Enumerable.Range(0, 3 * 32 * 32).Select(i => (float)(i % 97)).ToArray();
            CaffeModel.WriteBinaryProto(folder["model/mean.binaryproto"], new BlobData([1, 3, 32, 32], mean));
        }
        return (net, model);
    }

    [Fact]
    public void A_deploy_net_featurizes_cifar_batches_into_object_files_with_the_mean_and_a_fitted_crop()
    {
        using var folder = new TestFolder();
        var (net, model) = WriteModel(folder, withMean: true);
        Directory.CreateDirectory(folder["cifar"]);
        TestImages.CifarBatch(folder["cifar/test_batch.bin"], 11, seed: 3);
        string output = folder["features"];
        var (code, text, error) = AppRun.Invoke(FeaturizerCli.Build(), "--master", "local[2]", "--model", model, "--net", net,
            "--data", folder["cifar"], "--blob", "ip", "--format", "object", "--workers", "3", "--threads", "1", "--out", output);
        Assert.True(code == 0, error + text);
        Assert.Contains("featurized 11 cifar images", text);
        Assert.Contains($"blob ip (10 values each), scale 1, mean {folder["model/mean.binaryproto"]}, centre crop 28; object in {output}", text);

        // The reference: Caffe's TEST-phase transform (mean, centre crop) and the same net, in this process.
        var images = CifarBinary.Read(folder["cifar/test_batch.bin"]);
        var transform = new TransformationParameter { CropSize = 28, MeanFile = "mean" };
        var transformer = new DataTransformer(transform, Phase.Test, 3, 32, 32, CaffeModel.ReadBinaryProto(folder["model/mean.binaryproto"]));
        var samples = Enumerable.Range(0, images.Count).Select(i =>
        {
            var data = new float[transformer.OutputSize];
            transformer.Transform(images.Image(i).ToArray(), data);
            return (data, images.Labels[i]);
        }).ToList();
        var expected = TrainedModel.Load(net, model, null).Featurize(samples, "ip").ToArray();

        using var context = new ClusterContext("local", "featurizer-read-back");
        var actual = context.ObjectFile<(int Label, float[] Features)>(output).Collect();
        Assert.Equal(expected.Select(e => e.Label), actual.Select(a => a.Label));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i].Features, actual[i].Features);
    }

    [Fact]
    public void A_deploy_net_predicts_from_the_scores_before_its_softmax()
    {
        using var folder = new TestFolder();
        var (net, model) = WriteModel(folder, withMean: false);
        var loaded = TrainedModel.Load(net, model, null);
        Assert.Equal("ip", loaded.PredictionBlob);
        Assert.Equal([3, 28, 28], loaded.InputShape);
        Assert.Equal([10], loaded.BlobShape("ip"));
        var random = new Random(4);
        var samples = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 3 * 28 * 28).Select(_ => (float)random.NextDouble() * 50).ToArray()).ToList();
        var predicted = loaded.Predict(samples).ToArray();
        var softmax = loaded.Featurize(samples, "prob").ToArray();
        for (int i = 0; i < samples.Count; i++)
            for (int c = 0; c < 10; c++) Assert.Equal(softmax[i][c], predicted[i][c], 1e-5f);
    }

    [Fact]
    public void A_misspelt_blob_is_refused_with_the_blobs_the_net_has()
    {
        using var folder = new TestFolder();
        var (net, model) = WriteModel(folder, withMean: false);
        TestImages.CifarBatch(folder["test_batch.bin"], 2, seed: 3);
        var (code, _, error) = AppRun.Invoke(FeaturizerCli.Build(), "--master", "local[2]", "--model", model, "--net", net,
            "--data", folder.Path, "--blob", "fc7", "--out", folder["features"]);
        Assert.Equal(1, code);
        Assert.Contains("FeaturizerApp: The net has no blob 'fc7' (blobs: conv, data, ip, prob)", error);
        Assert.False(Directory.Exists(folder["features"]));
    }

    [Fact]
    public void A_bad_cifar_record_fails_the_run_naming_the_file_and_offset()
    {
        using var folder = new TestFolder();
        var (net, model) = WriteModel(folder, withMean: false);
        TestImages.CifarBatch(folder["test_batch.bin"], 4, seed: 3);
        byte[] bytes = File.ReadAllBytes(folder["test_batch.bin"]);
        bytes[2 * 3073] = 77;
        File.WriteAllBytes(folder["test_batch.bin"], bytes);
        var (code, _, error) = AppRun.Invoke(FeaturizerCli.Build(), "--master", "local[2]", "--model", model, "--net", net,
            "--data", folder.Path, "--blob", "ip", "--out", folder["features"]);
        Assert.Equal(1, code);
        Assert.Contains($"{folder["test_batch.bin"]}: at byte offset {2 * 3073}: record 2 has label 77", error);
    }

    [Fact]
    public void Missing_files_and_unknown_layouts_are_named()
    {
        using var folder = new TestFolder();
        var (net, model) = WriteModel(folder, withMean: false);
        TestImages.CifarBatch(folder["test_batch.bin"], 2, seed: 3);
        string[] common = ["--master", "local[2]", "--blob", "ip", "--out", folder["features"]];

        var (code, _, error) = AppRun.Invoke(FeaturizerCli.Build(), [.. common, "--model", folder["nowhere.caffemodel"], "--net", net, "--data", folder.Path]);
        Assert.Equal(1, code);
        Assert.Contains($"--model {folder["nowhere.caffemodel"]} does not exist", error);

        (code, _, error) = AppRun.Invoke(FeaturizerCli.Build(), [.. common, "--model", model, "--data", folder.Path]);
        Assert.Equal(1, code);
        Assert.Contains($"no --net given, and {folder["model/weights.prototxt"]}", error);

        Directory.CreateDirectory(folder["empty"]);
        (code, _, error) = AppRun.Invoke(FeaturizerCli.Build(), [.. common, "--model", model, "--net", net, "--data", folder["empty"]]);
        Assert.Equal(1, code);
        Assert.Contains($"{folder["empty"]} holds none of the image layouts FeaturizerApp reads: mnist (", error);

        (code, _, error) = AppRun.Invoke(FeaturizerCli.Build(), [.. common, "--model", model, "--net", net, "--data", folder.Path, "--input", "mnist"]);
        Assert.Equal(1, code);
        Assert.Contains($"{folder.Path} lacks t10k-images-idx3-ubyte (or t10k-images-idx3-ubyte.gz)", error);

        (code, _, error) = AppRun.Invoke(FeaturizerCli.Build(), [.. common, "--model", model, "--net", net, "--data", folder.Path, "--format", "csv"]);
        Assert.Equal(1, code);
        Assert.Contains("--format csv is unknown; the formats are text and object", error);

        // A 3-channel net cannot take MNIST's 1-channel images.
        Directory.CreateDirectory(folder["mnist"]);
        IdxFile.Write(folder["mnist/t10k-images-idx3-ubyte"], [1, 28, 28], new byte[784]);
        IdxFile.Write(folder["mnist/t10k-labels-idx1-ubyte"], [1], new byte[1]);
        (code, _, error) = AppRun.Invoke(FeaturizerCli.Build(), [.. common, "--model", model, "--net", net, "--data", folder["mnist"]]);
        Assert.Equal(1, code);
        Assert.Contains($"{net} takes 3-channel images; mnist images have 1", error);
    }

    [TurboJpegFact]
    public void A_train_val_net_featurizes_imagenet_shards_with_its_test_transform()
    {
        using var tiny = new TinyImageNet();
        // Weights for the net's TEST phase, and the mean its transform_param names, beside them.
        string model = tiny["tiny.caffemodel"];
        var definition = ProtoLoader.ReplaceDataLayers(ProtoLoader.LoadNetPrototxt(tiny.ModelPath), 4, 4, 3, 16, 16);
        new Net(definition, Phase.Test, 5).SaveCaffeModel(model);
        CaffeModel.WriteBinaryProto(tiny["mean.binaryproto"], new BlobData([1, 3, 20, 20], [.. Enumerable.Repeat(100f, 3 * 20 * 20)]));

        string output = tiny["features"];
        var (code, text, error) = AppRun.Invoke(FeaturizerCli.Build(), "--master", "local[2]", "--model", model, "--net", tiny.ModelPath,
            "--data", tiny.DataFolder, "--resize", "20", "--blob", "fc", "--threads", "1", "--out", output);
        Assert.True(code == 0, error + text);
        Assert.Contains("featurized 6 imagenet images (test split of", text);
        Assert.Contains($"blob fc (3 values each), scale 1, mean {tiny["mean.binaryproto"]}, centre crop 16; text in {output}", text);
        var lines = Directory.GetFiles(output, "part-*").Order(StringComparer.Ordinal).SelectMany(File.ReadLines).Select(l => l.Split(',')).ToArray();
        Assert.Equal([0, 1, 2, 0, 1, 2], lines.Select(l => int.Parse(l[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(lines, l => Assert.Equal(4, l.Length));
    }
}
