namespace ActorNet.Apps.Tests;

/// <summary>
/// ImageNet's layout in miniature: train.txt and val.txt, two train tars and one val tar of real JPEGs (three
/// classes), with a directory entry and a corrupt JPEG among them, and a small CaffeNet-shaped net (Data
/// layers with mean_file, crop and mirror as CaffeNet's) so the app runs end to end in seconds.
/// </summary>
internal sealed class TinyImageNet : IDisposable
{
    private readonly TestFolder _folder = new();

    public TinyImageNet()
    {
        string train = Directory.CreateDirectory(_folder["data/train"]).FullName;
        string val = Directory.CreateDirectory(_folder["data/val"]).FullName;
        var trainLabels = new List<string>();
        for (int shard = 0; shard < 2; shard++)
        {
            var files = new List<(string, byte[]?)> { ($"n0{shard}", null) };
            for (int i = 0; i < 6; i++)
            {
                int label = i % 3;
                string name = $"n0{shard}/img_{shard}_{i}.JPEG";
                files.Add((name, TestImages.Jpeg(30 + 4 * i, 24 + 3 * i, label)));
                trainLabels.Add($"{name} {label}");
            }
            if (shard == 1)
            {
                files.Add(("n01/broken.JPEG", [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 1, 2, 3]));
                trainLabels.Add("n01/broken.JPEG 1");
            }
            TestImages.Tar(Path.Combine(train, $"train.{shard:D5}.tar"), files);
        }
        File.WriteAllLines(_folder["data/train.txt"], trainLabels);
        var valFiles = Enumerable.Range(0, 6).Select(i => ($"val_{i}.JPEG", (byte[]?)TestImages.Jpeg(28, 28, i % 3))).ToList();
        TestImages.Tar(Path.Combine(val, "val.00000.tar"), valFiles);
        File.WriteAllLines(_folder["data/val.txt"], valFiles.Select((f, i) => $"{f.Item1} {i % 3}"));

        File.WriteAllText(ModelPath, Net);
        File.WriteAllText(SolverPath, "base_lr: 0.01\nlr_policy: \"fixed\"\nmomentum: 0.9\nweight_decay: 0.0005\n");
    }

    public string DataFolder => _folder["data"];

    public string ModelPath => _folder["tiny_train_val.prototxt"];

    public string SolverPath => _folder["tiny_solver.prototxt"];

    public string this[string relative] => _folder[relative];

    public void Dispose() => _folder.Dispose();

    private static string DataLayer(string phase, bool mirror) => $$"""
        layer {
          name: "data" type: "Data" top: "data" top: "label"
          include { phase: {{phase}} }
          transform_param { mirror: {{(mirror ? "true" : "false")}} crop_size: 16 mean_file: "mean.binaryproto" }
          data_param { source: "ignored" batch_size: 4 backend: LMDB }
        }
        """;

    private static readonly string Net = $$"""
        name: "TinyCaffeNet"
        {{DataLayer("TRAIN", true)}}
        {{DataLayer("TEST", false)}}
        layer {
          name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
          convolution_param { num_output: 4 kernel_size: 3 stride: 2 weight_filler { type: "gaussian" std: 0.01 } bias_filler { type: "constant" } }
        }
        layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
        layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
        layer {
          name: "fc" type: "InnerProduct" bottom: "pool1" top: "fc"
          inner_product_param { num_output: 3 weight_filler { type: "gaussian" std: 0.01 } bias_filler { type: "constant" } }
        }
        layer { name: "accuracy" type: "Accuracy" bottom: "fc" bottom: "label" top: "accuracy" include { phase: TEST } }
        layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
        """;
}
