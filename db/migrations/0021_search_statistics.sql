-- The planner's picture of rare words. At the default statistics target ANALYZE keeps ~1,000 of
-- the tsvectors' most common lexemes and takes any other for 0.43 % of the documents: a word in
-- 97 of 1,000,000 was expected in 4,300, so a department's search ANDed the word's GIN bitmap with
-- the bitmap of all 133,346 of its documents (31 ms) instead of rechecking the 97 (1 ms). At 1,000
-- the list holds ~10,000 lexemes and the same word is expected in 80. ANALYZE of 1,000,000
-- documents then took 4.4 s.
ALTER TABLE "case_search" ALTER COLUMN "public_lex" SET STATISTICS 1000, ALTER COLUMN "all_lex" SET STATISTICS 1000;
