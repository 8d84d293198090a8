using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Tests.Lifetime;

public sealed class SpecialFunctionsTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.57236494292470008707)] // ln √π
    [InlineData(10.0, 12.801827480081469611)] // ln 9!
    [InlineData(100.0, 359.13420536957539878)] // ln 99!
    [InlineData(0.001, 6.9071788853838536914)]
    [InlineData(3.7, 1.4280723266653883)] // CPython math.lgamma
    public void Given_known_values_Then_log_gamma_matches_them(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 13);
    }

    [Theory]
    [InlineData(1.0, -0.57721566490153286061)] // -Euler's constant
    [InlineData(0.5, -1.9635100260214234794)]
    [InlineData(10.0, 2.2517525890667211076)]
    [InlineData(0.01, -100.56088545786867450)]
    public void Given_known_values_Then_digamma_matches_them(double x, double expected)
    {
        LifetimeAssert.Close(expected, SpecialFunctions.Digamma(x), 1e-13);
    }

    [Fact]
    public void Given_any_argument_Then_digamma_is_the_derivative_of_log_gamma()
    {
        foreach (var x in new[] { 0.05, 0.3, 1.7, 9.99, 10.01, 42.0 })
        {
            var h = 1e-4 * x;
            var numeric = (SpecialFunctions.LogGamma(x + h) - SpecialFunctions.LogGamma(x - h)) / (2 * h);
            LifetimeAssert.Close(numeric, SpecialFunctions.Digamma(x), 1e-7, $"x = {x}");
        }
    }

    [Fact]
    public void Given_closed_forms_Then_the_hypergeometric_series_matches_them()
    {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z and 2F1(a, b; b; z) = (1 - z)^-a.
        LifetimeAssert.Close(-Math.Log(1 - 0.9) / 0.9, SpecialFunctions.Hypergeometric2F1(1, 1, 2, 0.9), 1e-13);
        LifetimeAssert.Close(Math.Pow(1 - 0.5, -0.7), SpecialFunctions.Hypergeometric2F1(0.7, 2.3, 2.3, 0.5), 1e-14);
    }

    [Fact]
    public void Given_small_arguments_Then_log1p_and_expm1_keep_full_precision()
    {
        Assert.InRange(Math.Abs(SpecialFunctions.LogOnePlus(1e-12) - (1e-12 - 5e-25)) / 1e-12, 0.0, 1e-15);
        Assert.InRange(Math.Abs(SpecialFunctions.ExpM1(1e-10) - (1e-10 + 5e-21)) / 1e-10, 0.0, 1e-15);
        LifetimeAssert.Close(Math.Exp(0.3) - 1, SpecialFunctions.ExpM1(0.3), 1e-15);
    }
}
