using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsCustomerValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Analytics_CustomerValues",
                columns: table => new
                {
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    FirstPurchaseOn = table.Column<DateOnly>(type: "date", nullable: false),
                    LastPurchaseOn = table.Column<DateOnly>(type: "date", nullable: false),
                    RecencyDays = table.Column<int>(type: "int", nullable: false),
                    Frequency = table.Column<int>(type: "int", nullable: false),
                    Monetary = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    Profit = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: true),
                    ServiceCost = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    RecencyScore = table.Column<byte>(type: "tinyint", nullable: false),
                    FrequencyScore = table.Column<byte>(type: "tinyint", nullable: false),
                    MonetaryScore = table.Column<byte>(type: "tinyint", nullable: false),
                    Segment = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SpendTier = table.Column<byte>(type: "tinyint", nullable: false),
                    ProfitTier = table.Column<byte>(type: "tinyint", nullable: true),
                    RepeatPurchases = table.Column<int>(type: "int", nullable: false),
                    ProbabilityAlive = table.Column<double>(type: "float", nullable: true),
                    ExpectedPurchases = table.Column<double>(type: "float", nullable: true),
                    ExpectedOrderValue = table.Column<double>(type: "float", nullable: true),
                    Clv = table.Column<double>(type: "float", nullable: true),
                    UsualIntervalDays = table.Column<double>(type: "float", nullable: true),
                    NextPurchaseOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedLive = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Analytics_CustomerValues", x => x.CustomerId);
                });

            migrationBuilder.CreateTable(
                name: "Analytics_Models",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Customers = table.Column<int>(type: "int", nullable: false),
                    Revenue = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    Profit = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: true),
                    PurchaseOrders = table.Column<int>(type: "int", nullable: false),
                    BgR = table.Column<double>(type: "float", nullable: true),
                    BgAlpha = table.Column<double>(type: "float", nullable: true),
                    BgA = table.Column<double>(type: "float", nullable: true),
                    BgB = table.Column<double>(type: "float", nullable: true),
                    GgP = table.Column<double>(type: "float", nullable: true),
                    GgQ = table.Column<double>(type: "float", nullable: true),
                    GgGamma = table.Column<double>(type: "float", nullable: true),
                    ScoreBoundsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    TierFloorsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    WhaleCurveJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CostPerInteraction = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    CostPerCase = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Analytics_Models", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Analytics_Rules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Antecedent = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    AntecedentSize = table.Column<int>(type: "int", nullable: false),
                    Consequent = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Support = table.Column<double>(type: "float", nullable: false),
                    SupportCount = table.Column<int>(type: "int", nullable: false),
                    Confidence = table.Column<double>(type: "float", nullable: false),
                    Lift = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Analytics_Rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Analytics_Runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Trigger = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Stage = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Customers = table.Column<int>(type: "int", nullable: false),
                    Rules = table.Column<int>(type: "int", nullable: false),
                    Message = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Analytics_Runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Analytics_SnapshotCustomers",
                columns: table => new
                {
                    Period = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    RecencyScore = table.Column<byte>(type: "tinyint", nullable: false),
                    FrequencyScore = table.Column<byte>(type: "tinyint", nullable: false),
                    MonetaryScore = table.Column<byte>(type: "tinyint", nullable: false),
                    Segment = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Monetary = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    Frequency = table.Column<int>(type: "int", nullable: false),
                    Profit = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: true),
                    SpendTier = table.Column<byte>(type: "tinyint", nullable: false),
                    ProfitTier = table.Column<byte>(type: "tinyint", nullable: true),
                    PeriodSpend = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    PeriodTier = table.Column<byte>(type: "tinyint", nullable: false),
                    Clv = table.Column<double>(type: "float", nullable: true),
                    ProbabilityAlive = table.Column<double>(type: "float", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Analytics_SnapshotCustomers", x => new { x.Period, x.CustomerId });
                });

            migrationBuilder.CreateTable(
                name: "Analytics_Snapshots",
                columns: table => new
                {
                    Period = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Customers = table.Column<int>(type: "int", nullable: false),
                    Revenue = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    PeriodBuyers = table.Column<int>(type: "int", nullable: false),
                    PeriodRevenue = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Analytics_Snapshots", x => x.Period);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_CustomerValues_Clv",
                table: "Analytics_CustomerValues",
                column: "Clv");

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_CustomerValues_DueOn",
                table: "Analytics_CustomerValues",
                column: "DueOn");

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_CustomerValues_Monetary",
                table: "Analytics_CustomerValues",
                column: "Monetary");

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_CustomerValues_ProbabilityAlive_Monetary",
                table: "Analytics_CustomerValues",
                columns: new[] { "ProbabilityAlive", "Monetary" });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_CustomerValues_Profit",
                table: "Analytics_CustomerValues",
                column: "Profit");

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_CustomerValues_ProfitTier_Profit",
                table: "Analytics_CustomerValues",
                columns: new[] { "ProfitTier", "Profit" });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_CustomerValues_RecencyScore_FrequencyScore_Monetary",
                table: "Analytics_CustomerValues",
                columns: new[] { "RecencyScore", "FrequencyScore", "Monetary" });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_CustomerValues_Segment_Monetary",
                table: "Analytics_CustomerValues",
                columns: new[] { "Segment", "Monetary" });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_CustomerValues_SpendTier_Monetary",
                table: "Analytics_CustomerValues",
                columns: new[] { "SpendTier", "Monetary" });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_Rules_Antecedent_Confidence",
                table: "Analytics_Rules",
                columns: new[] { "Antecedent", "Confidence" });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_Rules_Consequent_Lift",
                table: "Analytics_Rules",
                columns: new[] { "Consequent", "Lift" });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_Rules_Lift",
                table: "Analytics_Rules",
                column: "Lift");

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_Runs_StartedAtUtc",
                table: "Analytics_Runs",
                column: "StartedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_SnapshotCustomers_CustomerId",
                table: "Analytics_SnapshotCustomers",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_SnapshotCustomers_Period_RecencyScore_FrequencyScore_Monetary",
                table: "Analytics_SnapshotCustomers",
                columns: new[] { "Period", "RecencyScore", "FrequencyScore", "Monetary" });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_SnapshotCustomers_Period_Segment_Monetary",
                table: "Analytics_SnapshotCustomers",
                columns: new[] { "Period", "Segment", "Monetary" });

            migrationBuilder.CreateIndex(
                name: "IX_Analytics_SnapshotCustomers_Period_SpendTier_Monetary",
                table: "Analytics_SnapshotCustomers",
                columns: new[] { "Period", "SpendTier", "Monetary" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Analytics_CustomerValues");

            migrationBuilder.DropTable(
                name: "Analytics_Models");

            migrationBuilder.DropTable(
                name: "Analytics_Rules");

            migrationBuilder.DropTable(
                name: "Analytics_Runs");

            migrationBuilder.DropTable(
                name: "Analytics_SnapshotCustomers");

            migrationBuilder.DropTable(
                name: "Analytics_Snapshots");
        }
    }
}
