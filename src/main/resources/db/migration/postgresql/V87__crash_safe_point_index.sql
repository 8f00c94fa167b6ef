-- Nothing to do on PostgreSQL: its GiST indexes are WAL-logged and survive a crash. The H2
-- migration of this number replaces H2's R-tree indexes, which do not (H2 issue #2017).
SELECT 1;
