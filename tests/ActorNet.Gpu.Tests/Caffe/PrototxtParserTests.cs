namespace ActorNet.Gpu.Tests.Caffe;

public class PrototxtParserTests
{
    private static NetParameter Parse(string text) => PrototxtParser.Parse<NetParameter>(text, out _);

    private static PrototxtException ParseError(string text) => Assert.Throws<PrototxtException>(() => Parse(text));

    [Fact]
    public void Messages_with_and_without_colon_and_angle_brackets()
    {
        NetParameter net = Parse("""
            name: "n"
            layer { name: "a" type: "ReLU" }
            layer: { name: "b" type: "ReLU" }
            layer < name: "c" type: "ReLU" >
            """);
        Assert.Equal(["a", "b", "c"], net.Layer.Select(l => l.Name));
    }

    [Fact]
    public void Repeated_fields_by_repetition_and_list_syntax()
    {
        NetParameter net = Parse("""
            layer { bottom: "x" bottom: "y", top: ["p", "q"]; loss_weight: [1, 0.5] }
            layer [ { name: "l1" }, { name: "l2" } ]
            """);
        Assert.Equal(["x", "y"], net.Layer[0].Bottom);
        Assert.Equal(["p", "q"], net.Layer[0].Top);
        Assert.Equal([1f, 0.5f], net.Layer[0].LossWeight);
        Assert.Equal(["l1", "l2"], net.Layer.Skip(1).Select(l => l.Name));
    }

    [Fact]
    public void Enums_by_name_and_by_number()
    {
        NetParameter net = Parse("""
            layer { pooling_param { pool: AVE } include { phase: TEST } }
            layer { pooling_param { pool: 0 } include { phase: 0 } }
            """);
        Assert.Equal(PoolingParameter.Types.PoolMethod.Ave, net.Layer[0].PoolingParam.Pool);
        Assert.Equal(Phase.Test, net.Layer[0].Include[0].Phase);
        Assert.Equal(PoolingParameter.Types.PoolMethod.Max, net.Layer[1].PoolingParam.Pool);
        Assert.True(net.Layer[1].PoolingParam.HasPool);
        Assert.Equal(Phase.Train, net.Layer[1].Include[0].Phase);
    }

    [Fact]
    public void Strings_with_escapes_quotes_and_concatenation()
    {
        NetParameter net = Parse("""
            name: 'single \'q\' "d"' " and" " \x41\102\n\t\\ é"
            """);
        Assert.Equal("single 'q' \"d\" and AB\n\t\\ é", net.Name);
    }

    [Fact]
    public void Numbers_in_every_form()
    {
        SolverParameter s = PrototxtParser.Parse<SolverParameter>("""
            base_lr: 1e-3 momentum: .9 weight_decay: 5E-4f gamma: -inf power: nan delta: 2
            clip_gradients: -1.5 max_iter: 0x10 display: 010 random_seed: -9000000000 rms_decay: Infinity
            """, out _);
        Assert.Equal(1e-3f, s.BaseLr);
        Assert.Equal(0.9f, s.Momentum);
        Assert.Equal(5e-4f, s.WeightDecay);
        Assert.Equal(float.NegativeInfinity, s.Gamma);
        Assert.True(float.IsNaN(s.Power));
        Assert.Equal(2f, s.Delta);
        Assert.Equal(-1.5f, s.ClipGradients);
        Assert.Equal(16, s.MaxIter);
        Assert.Equal(8, s.Display);
        Assert.Equal(-9_000_000_000L, s.RandomSeed);
        Assert.Equal(float.PositiveInfinity, s.RmsDecay);
    }

    [Fact]
    public void Booleans_and_comments()
    {
        NetParameter net = Parse("""
            # a comment line
            force_backward: true  # trailing comment
            debug_info: f
            layer { propagate_down: True propagate_down: 0 propagate_down: 1 }
            """);
        Assert.True(net.ForceBackward);
        Assert.False(net.DebugInfo);
        Assert.True(net.HasDebugInfo);
        Assert.Equal([true, false, true], net.Layer[0].PropagateDown);
    }

    [Fact]
    public void Unknown_field_names_line_column_message_and_suggestion()
    {
        PrototxtException e = ParseError("layer {\n  name: \"c\"\n      convolution_parm { num_output: 3 }\n}");
        Assert.Equal(3, e.Line);
        Assert.Equal(7, e.Column);
        Assert.StartsWith("3:7: 'convolution_parm' is not a field of LayerParameter", e.Message);
        Assert.Contains("did you mean 'convolution_param'", e.Message);
    }

    [Theory]
    [InlineData("layer { convolution_param { num_output: -3 } }", "1:41", "'num_output'")]
    [InlineData("layer { convolution_param { num_output: 2.5 } }", "1:41", "'num_output'")]
    [InlineData("layer { convolution_param { num_output: 4294967296 } }", "1:41", "'num_output'")]
    [InlineData("layer { pooling_param { pool: MEDIAN } }", "1:31", "MEDIAN")]
    [InlineData("layer { pooling_param { pool: 7 } }", "1:31", "PoolMethod")]
    [InlineData("force_backward: yes", "1:17", "'force_backward'")]
    [InlineData("name: 3", "1:7", "'name'")]
    [InlineData("name: \"a\" name: \"b\"", "1:11", "more than once")]
    [InlineData("name \"a\"", "1:6", "expected ':'")]
    [InlineData("layer { name: \"a\"", "1:18", "expected '}'")]
    [InlineData("name: \"abc", "1:7", "not closed")]
    [InlineData("name: \"a\\q\"", "1:9", "escape")]
    [InlineData("layer { loss_weight: 1.2.3 }", "1:22", "malformed number")]
    [InlineData("layer { loss_weight: [1 2] }", "1:25", "expected ',' or ']'")]
    [InlineData("name: \"a\" }", "1:11", "expected a field name")]
    [InlineData("layer { $ }", "1:9", "unexpected character")]
    public void Bad_input_is_an_error_with_position(string text, string where, string mentions)
    {
        PrototxtException e = ParseError(text);
        Assert.StartsWith(where + ": ", e.Message);
        Assert.Contains(mentions, e.Message);
    }

    [Fact]
    public void Writer_output_parses_back_to_an_equal_message()
    {
        NetParameter net = Parse("""
            name: "odd \"name\"\n\u00e9"
            input: "x" input_dim: [1, 2, 3, 4]
            layer { name: "c" type: "Convolution" bottom: "x" top: "c"
              param { lr_mult: 1 } param { lr_mult: 2 decay_mult: 0 }
              convolution_param { num_output: 7 pad: 1 pad: 2 kernel_size: 3 group: 1
                weight_filler { type: "gaussian" std: 0.0001 } bias_filler { value: -inf } } }
            layer { name: "p" type: "Pooling" pooling_param { pool: AVE global_pooling: true } loss_weight: 0.1 }
            """);
        string text = PrototxtWriter.Write(net);
        NetParameter again = Parse(text);
        Assert.Equal(net, again);
        Assert.Equal(text, PrototxtWriter.Write(again));
        // Field-number order: 'layer' (100) is printed after 'input_dim' (4).
        Assert.True(text.IndexOf("input_dim", StringComparison.Ordinal) < text.IndexOf("layer {", StringComparison.Ordinal));
        Assert.Contains("pool: AVE", text);
        Assert.Contains("std: 0.0001", text);
    }
}
