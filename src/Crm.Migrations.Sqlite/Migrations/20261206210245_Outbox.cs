using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Outbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Kernel_InboxEntries",
                columns: table => new
                {
                    Handler = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HandledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Kernel_InboxEntries", x => new { x.Handler, x.EventId });
                });

            migrationBuilder.CreateTable(
                name: "Kernel_OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Handler = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    RaisedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AvailableAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    LeasedUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DeadAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Kernel_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Kernel_InboxEntries_HandledAtUtc",
                table: "Kernel_InboxEntries",
                column: "HandledAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Kernel_OutboxMessages_DeadAtUtc_AvailableAtUtc",
                table: "Kernel_OutboxMessages",
                columns: new[] { "DeadAtUtc", "AvailableAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Kernel_OutboxMessages_LeaseToken",
                table: "Kernel_OutboxMessages",
                column: "LeaseToken");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Kernel_InboxEntries");

            migrationBuilder.DropTable(
                name: "Kernel_OutboxMessages");
        }
    }
}
